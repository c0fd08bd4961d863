using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Alter.Sandbox;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alter.Typed.Portal.Tests.Support;

/// <summary>
/// A customer's web app on <c>http://127.0.0.1:&lt;port&gt;</c> over the same store as the portal: its users sign in with a
/// cookie (<c>GET /signin-as/{user}</c>, the test's stand-in for the host's own sign-in: the wallet trusts whatever
/// authentication the host has), <c>AddAlter(...).AddAspNetCore()</c> with the app's key, <c>MapAlterConnect("/alter")</c>,
/// <c>MapAlterWallet("/wallet")</c>, and <c>POST /post?text=</c>: the typed Slack client as the signed-in user. Provider
/// URLs point at the sandbox; the client id and secret come from the store (set in the portal).
/// </summary>
internal sealed class WalletHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WalletHost(WebApplication app, Uri baseUri) => (_app, BaseUri) = (app, baseUri);

    public Uri BaseUri { get; }

    /// <summary>The issuer of the host's users: <c>Principal.User(Issuer, "alice")</c>.</summary>
    public const string Issuer = "https://shop.example/";

    public static async Task<WalletHost> StartAsync(AlterOptions store, SandboxServer sandbox, string apiKey)
    {
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie => { cookie.Cookie.SameSite = SameSiteMode.Lax; cookie.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; }; });
        builder.Services.AddAuthorization();
        builder.Configuration["Alter:ApiKey"] = apiKey;
        builder.Services.AddAlter(options =>
        {
            options.DatabasePath = store.DatabasePath;
            options.VaultKey = store.VaultKey;
            options.Providers["slack"] = SandboxEndpoints(sandbox);
        }).AddAspNetCore();
        builder.Services.AddAlterPortal();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapGet("/signin-as/{user}", async (HttpContext context, string user) =>
        {
            var identity = new ClaimsIdentity([new Claim("sub", user), new Claim("iss", Issuer), new Claim(ClaimTypes.Name, user)],
                CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
            await context.SignInAsync(new ClaimsPrincipal(identity));
            return Results.Redirect("/wallet/");
        });
        app.MapAlterConnect("/alter");
        app.MapAlterWallet("/wallet");
        app.MapPost("/post", async (HttpContext context, Alter.Typed.Slack.SlackClient slack) =>
        {
            try
            {
                var sent = await slack.Chat.PostMessage(new() { Channel = "#general", Text = context.Request.Query["text"].ToString() });
                return Results.Text(sent.Ts);
            }
            catch (ConnectRequiredException e) { return Results.Text(e.Message, statusCode: 409); }
        }).RequireAuthorization();
        await app.StartAsync();
        return new WalletHost(app, baseUri);
    }

    /// <summary>The sandbox's Slack endpoints only: the client id and secret are the ones an operator stored in the portal.</summary>
    public static ProviderSettings SandboxEndpoints(SandboxServer sandbox)
    {
        var slack = sandbox.Provider("slack");
        return new ProviderSettings
        {
            AuthorizationUrl = slack.AuthorizationUrl, TokenUrl = slack.TokenUrl, RevocationUrl = slack.RevocationUrl,
            ApiBaseUrl = slack.ApiBaseUrl, AllowedHosts = [slack.Authority],
        };
    }

    public string Url(string path) => new Uri(BaseUri, path.TrimStart('/')).AbsoluteUri;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
