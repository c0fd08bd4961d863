using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>
/// A real OAuth 2.0 authorization server for tests: OpenIddict 7.8 on Kestrel at <c>http://127.0.0.1:&lt;random port&gt;</c>,
/// with its store in EF Core on SQLite in memory. Authorization code + PKCE (S256 only) + refresh tokens that roll, with
/// reuse detection (zero leeway: a replayed refresh token is refused and revokes its chain), a revocation endpoint, an
/// authorize endpoint that auto-consents for <see cref="TestUser"/>, and a protected <c>GET /api/me</c>. Its clock is the
/// test's <see cref="FakeTimeProvider"/>. One server per test: a start takes tens of milliseconds.
/// </summary>
internal sealed class OpenIddictTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SqliteConnection _keepAlive;
    private readonly HttpClient _http = new();

    private OpenIddictTestServer(WebApplication app, SqliteConnection keepAlive, Uri baseUri, FakeTimeProvider time, ServerCounters counters, IssuedSecrets issued)
        => (_app, _keepAlive, BaseUri, Time, Counters, Issued) = (app, keepAlive, baseUri, time, counters, issued);

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c></summary>
    public Uri BaseUri { get; }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>: what the runtime's allowed-hosts list needs.</summary>
    public string Authority => BaseUri.Authority;

    public Uri AuthorizationEndpoint => new(BaseUri, ServerEndpoints.AuthorizePath.TrimStart('/'));
    public Uri TokenEndpoint => new(BaseUri, ServerEndpoints.TokenPath.TrimStart('/'));
    public Uri RevocationEndpoint => new(BaseUri, ServerEndpoints.RevocationPath.TrimStart('/'));
    public Uri ApiBase => new(BaseUri, "api/");

    /// <summary>The server's clock (OpenIddict core, server and validation all read it).</summary>
    public FakeTimeProvider Time { get; }

    public ServerCounters Counters { get; }

    /// <summary>Codes and tokens the server issued, and its token endpoint answers.</summary>
    public IssuedSecrets Issued { get; }

    public static async Task<OpenIddictTestServer> StartAsync(FakeTimeProvider time, TestServerOptions? options = null)
    {
        options ??= new TestServerOptions();
        var counters = new ServerCounters();
        var issued = new IssuedSecrets();
        var connectionString = $"Data Source=oidc-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        var keepAlive = new SqliteConnection(connectionString);   // the in-memory database lives as long as one connection is open
        await keepAlive.OpenAsync();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("OIDC_TEST_SERVER_LOGS") == "1") builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        var services = builder.Services;
        services.AddDataProtection();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryXmlRepository());
        services.AddAuthentication();
        services.AddAuthorization();
        services.AddDbContext<OidcDbContext>(db =>
        {
            db.UseSqlite(connectionString);
            db.UseOpenIddict();
        });
        ConfigureOpenIddict(services, time, options, issued);

        var app = builder.Build();
        ServerEndpoints.Map(app, counters);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OidcDbContext>().Database.EnsureCreatedAsync();
            await TestClientRegistration.RegisterAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), options.RedirectUris);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new OpenIddictTestServer(app, keepAlive, new Uri(address.TrimEnd('/') + "/"), time, counters, issued);
    }

    private static void ConfigureOpenIddict(IServiceCollection services, FakeTimeProvider time, TestServerOptions options, IssuedSecrets issued)
    {
        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<OidcDbContext>();
                core.ReplaceApplicationManager(typeof(LoopbackRedirectApplicationManager<>));
                core.Configure(o => o.TimeProvider = time);
            })
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(ServerEndpoints.AuthorizePath.TrimStart('/'))
                      .SetTokenEndpointUris(ServerEndpoints.TokenPath.TrimStart('/'))
                      .SetRevocationEndpointUris(ServerEndpoints.RevocationPath.TrimStart('/'));
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes(TestClientRegistration.ApiScope, TestUser.RefusedScope, Scopes.OfflineAccess);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                // Rolling refresh tokens are OpenIddict's default; with no leeway a redeemed one is refused at once (and its chain revoked).
                server.SetRefreshTokenReuseLeeway(null);
                server.AddSigningKey(ServerKeys.Signing).AddEncryptionKey(ServerKeys.Encryption);
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                      .EnableAuthorizationEndpointPassthrough()
                      .DisableTransportSecurityRequirement();
                server.Configure(o =>
                {
                    o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);   // S256 only
                    o.TimeProvider = time;
                });

                server.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(handler => handler
                    .UseInlineHandler(context =>
                    {
                        issued.Add(new TokenResponseRecord(context.Request?.GrantType, context.Response.AccessToken, context.Response.RefreshToken,
                            context.Response.Error, context.Response.ErrorDescription, context.Response.ErrorUri));
                        return default;
                    })
                    .SetOrder(OpenIddictServerHandlers.Exchange.NormalizeErrorResponse.Descriptor.Order + 1_000)   // what goes on the wire
                    .SetType(OpenIddictServerHandlerType.Custom));
                server.AddEventHandler<OpenIddictServerEvents.ApplyAuthorizationResponseContext>(handler => handler
                    .UseInlineHandler(context =>
                    {
                        if (context.Response.Code is { } code) issued.AddCode(code);
                        return default;
                    })
                    .SetOrder(int.MinValue + 100_000)
                    .SetType(OpenIddictServerHandlerType.Custom));
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
                // Revoked tokens and authorizations are refused too (the access tokens are JWTs; this checks their store entries).
                validation.EnableTokenEntryValidation();
                validation.EnableAuthorizationEntryValidation();
                validation.Configure(o => o.TimeProvider = time);
            });
    }

    /// <summary>Calls the revocation endpoint as the registered client.</summary>
    public async Task<(HttpStatusCode Status, string Body)> RevokeAsync(string token, string tokenTypeHint)
    {
        using var response = await _http.PostAsync(RevocationEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = tokenTypeHint,
            ["client_id"] = TestClientRegistration.ClientId,
            ["client_secret"] = TestClientRegistration.ClientSecret,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a refresh token straight to the token endpoint as the registered client (an attacker replaying a stolen one).</summary>
    public async Task<(HttpStatusCode Status, string Body)> RedeemRefreshTokenAsync(string refreshToken)
    {
        using var response = await _http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = TestClientRegistration.ClientId,
            ["client_secret"] = TestClientRegistration.ClientSecret,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Calls the protected API with a bearer token, outside the runtime.</summary>
    public async Task<HttpStatusCode> CallApiAsync(string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiBase, "me"));
        if (accessToken is not null) request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _keepAlive.DisposeAsync();
    }
}
