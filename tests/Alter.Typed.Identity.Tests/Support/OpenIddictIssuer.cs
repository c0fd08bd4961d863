using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alter.Typed.Identity.Tests.Support;

/// <summary>
/// A real OpenID Connect server (OpenIddict 7.8, degraded mode: no store) on <c>http://127.0.0.1:&lt;port&gt;/</c>: its own
/// discovery document and JWK set, and a token endpoint (client credentials) that issues RFC 9068 access tokens for
/// <see cref="TestIssuer.Audience"/> with subject <c>alice</c>, on the test's clock.
/// </summary>
internal sealed class OpenIddictIssuer : IAsyncDisposable
{
    private static readonly RsaSecurityKey Signing = new(RSA.Create(2048)) { KeyId = "openiddict-rs256" };
    private static readonly SymmetricSecurityKey Encryption = new(RandomNumberGenerator.GetBytes(32));

    private readonly WebApplication _app;
    private readonly HttpClient _http = new();

    private OpenIddictIssuer(WebApplication app, Uri baseUri) => (_app, BaseUri) = (app, baseUri);

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>: OpenIddict's issuer (with its trailing slash).</summary>
    public Uri BaseUri { get; }

    public static async Task<OpenIddictIssuer> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddAuthentication();
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetTokenEndpointUris("connect/token");
            server.AllowClientCredentialsFlow();
            server.AddSigningKey(Signing).AddEncryptionKey(Encryption);
            server.DisableAccessTokenEncryption();
            // Degraded mode: no application store, so no client registry. OpenIddict then refuses every token request unless
            // a handler validates it: this one accepts the test client as it is (the client is not what is tested here).
            server.EnableDegradedMode();
            server.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(static _ => default));
            server.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            server.Configure(o => o.TimeProvider = time);
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.MapPost("/connect/token", static (HttpContext context) =>
        {
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, "alice").SetClaims("groups", ["staff"]);
            identity.SetResources(TestIssuer.Audience);
            identity.SetDestinations(static _ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new OpenIddictIssuer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Asks the token endpoint for an access token (client credentials).</summary>
    public async Task<string> AccessTokenAsync()
    {
        using var response = await _http.PostAsync(new Uri(BaseUri, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.ClientCredentials,
            ["client_id"] = "alter-tests",
            ["client_secret"] = "not-checked-in-degraded-mode",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
