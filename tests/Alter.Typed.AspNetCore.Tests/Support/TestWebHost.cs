using System.Net;
using System.Security.Cryptography;
using Alter.Sandbox;
using Alter.Typed.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using WebApp.Issuer;

namespace Alter.Typed.AspNetCore.Tests.Support;

/// <summary>
/// A web app under test on <c>http://127.0.0.1:&lt;port&gt;</c>: the sample's local OpenID Connect issuer in-process, the
/// app's cookie sign-in through it, <c>AddAlter().AddAspNetCore()</c> + <c>MapAlterConnect("/alter")</c> against the
/// provider sandbox (Slack without PKCE, GitHub with), behind <c>UseForwardedHeaders</c> (a proxy on loopback is trusted),
/// with <see cref="AlterConnectOptions.PublicBaseUrl"/> unset unless a test sets it. Test endpoints: <c>GET /</c> (who is
/// signed in), <c>GET /signin</c>, <c>POST /post?text=</c> (the typed Slack client, as the signed-in user's grant).
/// </summary>
internal sealed class TestWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWebHost(WebApplication app, Uri baseUri, SandboxServer sandbox, string directory)
        => (_app, BaseUri, Sandbox, Directory) = (app, baseUri, sandbox, directory);

    public Uri BaseUri { get; }
    public SandboxServer Sandbox { get; }
    public string Directory { get; }
    public string DatabasePath => Path.Combine(Directory, "alter.db");
    public App App => _app.Services.GetRequiredService<App>();
    public AlterConnectOptions ConnectOptions => _app.Services.GetRequiredService<IOptions<AlterConnectOptions>>().Value;

    /// <summary>The issuer's <c>iss</c> (the host's own address): users are <c>Principal.User(Issuer, "alice")</c>.</summary>
    public string Issuer => BaseUri.AbsoluteUri;

    public static async Task<TestWebHost> StartAsync()
    {
        var sandbox = await SandboxServer.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "alter-web-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var vaultKey = RandomNumberGenerator.GetBytes(32);
        var port = LoopbackPorts.Free();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");

        void ConfigureAlter(AlterOptions options)
        {
            options.HomeDirectory = directory;
            options.DatabasePath = Path.Combine(directory, "alter.db");
            options.VaultKey = vaultKey;
            foreach (var id in new[] { "slack", "github" })
            {
                var p = sandbox.Provider(id);
                options.Providers[id] = new ProviderSettings
                {
                    ClientId = p.ClientId, ClientSecret = p.ClientSecret, AuthorizationUrl = p.AuthorizationUrl, TokenUrl = p.TokenUrl,
                    RevocationUrl = p.RevocationUrl, ApiBaseUrl = p.ApiBaseUrl, AllowedHosts = [p.Authority],
                };
            }
        }
        var adminOptions = new AlterOptions();
        ConfigureAlter(adminOptions);
        var admin = AlterAdmin.Open(adminOptions);
        admin.CreateApp("web-tests");
        var apiKey = admin.MintKey("web-tests").ApiKey;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddDataProtection();
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryXmlRepository());
        builder.Services.AddLocalIssuer(baseUri);
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie => cookie.Cookie.SameSite = SameSiteMode.Lax)
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = baseUri.AbsoluteUri;
                oidc.RequireHttpsMetadata = false;
                oidc.ClientId = LocalIssuer.ClientId;
                oidc.ClientSecret = LocalIssuer.ClientSecret;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                oidc.MapInboundClaims = false;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        builder.Services.AddAuthorization();
        builder.Configuration["Alter:ApiKey"] = apiKey;
        builder.Services.AddAlter(ConfigureAlter).AddAspNetCore();

        var app = builder.Build();
        await LocalIssuer.InitializeAsync(app.Services, new Uri(baseUri, "signin-oidc"));
        // X-Forwarded-Proto/Host from a proxy on loopback (the default KnownProxies) become the request's scheme and host.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLocalIssuer();
        app.MapAlterConnect("/alter");
        app.MapGet("/", (HttpContext context) => AlterClaims.ToPrincipal(context.User)?.Key ?? "anonymous");
        app.MapGet("/signin", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapGet("/done", () => "done");
        // The injected typed client acts for the request's user (AddAspNetCore's principal source): no grant id anywhere.
        app.MapPost("/post", async (HttpContext context, Alter.Typed.Slack.SlackClient slack) =>
        {
            try
            {
                var sent = await slack.Chat.PostMessage(new() { Channel = "#general", Text = context.Request.Query["text"].ToString() });
                return Results.Text(sent.Ts);
            }
            catch (NoSignedInUserException e) { return Results.Text(e.Message, statusCode: 401); }
            catch (ConnectRequiredException e) { return Results.Text(e.ConnectUrl?.AbsoluteUri ?? "", statusCode: 409); }
        });
        await app.StartAsync();
        return new TestWebHost(app, baseUri, sandbox, directory);
    }

    /// <summary>A URL on this host.</summary>
    public string Url(string path) => new Uri(BaseUri, path.TrimStart('/')).AbsoluteUri;

    public Principal User(string subject) => Principal.User(Issuer, subject);

    /// <summary>Counts a table's rows in the vault directly.</summary>
    public long Count(string table, string where = "1 = 1", params (string Name, object Value)[] parameters)
    {
        using var connection = OpenVault();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {where}";
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Runs SQL against the vault (to alter a pending state as an attacker with write access, or a lost column, would).</summary>
    public int Execute(string sql)
    {
        using var connection = OpenVault();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private SqliteConnection OpenVault()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }


    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Sandbox.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
