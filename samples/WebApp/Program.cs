// AlterTyped web app sample: people sign in (OpenID Connect, against a local issuer in this process), connect Slack
// (the local sandbox), and post to #general through the typed client acting for the signed-in user. Offline, one command:
//   dotnet run --project samples/WebApp        then open http://127.0.0.1:5080 (alice or bob, password alter-dev)
using System.Net;
using Alter.Sandbox;
using Alter.Typed;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using WebApp;
using WebApp.Issuer;

var port = Environment.GetEnvironmentVariable("WEBAPP_PORT") is { Length: > 0 } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 5080;
var publicBase = new Uri($"http://127.0.0.1:{port}/");

// The provider: the local Slack sandbox (OAuth with auto-consent + a slice of the Web API) on another loopback port.
await using var sandbox = await SandboxServer.StartAsync();
var alter = SampleAlter.Create(sandbox);

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));   // loopback only
// ASP.NET Core's request log (Information) writes each URL with its query string: the authorization codes and states of
// /signin-oidc and /alter/callback would land in the log, and OpenIddict logs the requests it extracts. Warnings and up
// only, for those and for EF Core's SQL.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("OpenIddict", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Services.AddDataProtection();
builder.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryXmlRepository());
builder.Services.AddLocalIssuer(publicBase);

// The app's own sign-in: a cookie, obtained through OpenID Connect against the issuer above.
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie(cookie =>
    {
        cookie.Cookie.Name = ".webapp.session";
        cookie.Cookie.SameSite = SameSiteMode.Lax;   // a cross-site form cannot post as the user (no antiforgery token needed for /post)
    })
    .AddOpenIdConnect(oidc =>
    {
        oidc.Authority = publicBase.AbsoluteUri;
        oidc.RequireHttpsMetadata = false;            // the local issuer is plain HTTP on loopback
        oidc.ClientId = LocalIssuer.ClientId;
        oidc.ClientSecret = LocalIssuer.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
        oidc.Scope.Add("email");
        oidc.MapInboundClaims = false;                // keep "sub" as "sub"; its Issuer is the id_token's iss
        oidc.TokenValidationParameters.NameClaimType = "name";
        // Over plain HTTP the default (SameSite=None, Secure) correlation and nonce cookies would be dropped by the browser.
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    });
builder.Services.AddAuthorization();

// Alter: the typed App (generated from providers/slack), its vault in $ALTER_HOME, and the web integration: an injected
// client acts for the request's signed-in user, and Connect's redirect URI is {publicBase}alter/callback.
builder.Configuration["Alter:ApiKey"] = alter.ApiKey;
builder.Services.AddAlter(alter.Configure).AddAspNetCore(web => web.PublicBaseUrl = publicBase);

var app = builder.Build();
await LocalIssuer.InitializeAsync(app.Services, new Uri(publicBase, "signin-oidc"));
app.UseAuthentication();
app.UseAuthorization();
app.MapLocalIssuer();
app.MapAlterConnect("/alter");
Pages.Map(app, sandbox);

app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"""
    AlterTyped web app sample: {publicBase}
      sign in as alice or bob, password {IssuerUsers.DevPassword}; Slack is the local sandbox at {sandbox.BaseUri}
    """));
await app.RunAsync();
