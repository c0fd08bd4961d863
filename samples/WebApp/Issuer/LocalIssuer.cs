using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace WebApp.Issuer;

/// <summary>
/// A local OpenID Connect issuer, hosted in the web app's own process (OpenIddict 7.8): discovery, authorize (with a
/// sign-in form for <see cref="IssuerUsers"/>) and token endpoints under <c>/connect/</c>, one confidential client
/// (<see cref="ClientId"/>) with PKCE. The web app signs its users in against it with ordinary OpenID Connect, so what
/// Alter sees is what a real identity provider would give: an id_token's <c>iss</c> and <c>sub</c>.
/// </summary>
internal static class LocalIssuer
{
    public const string ClientId = "webapp";
    public const string ClientSecret = "webapp-dev-secret";
    public const string CookieScheme = "issuer";
    public const string LoginPath = "/issuer/login";
    private const string AuthorizePath = "/connect/authorize";

    /// <summary>Registers the issuer; <paramref name="issuer"/> is its public address (the app's own).</summary>
    public static IServiceCollection AddLocalIssuer(this IServiceCollection services, Uri issuer)
    {
        // The in-memory database lives as long as one connection to it is open: this one, held by the container.
        var database = new SqliteConnection($"Data Source=issuer-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        database.Open();
        services.AddSingleton(database);
        services.AddDbContext<IssuerDb>(db =>
        {
            db.UseSqlite(database.ConnectionString);
            db.UseOpenIddict();
        });
        // The issuer's own sign-in, apart from the app's: as with a real identity provider, signing out of the app
        // does not sign you out of the issuer (and the cookie only matters on the issuer's paths).
        services.AddAuthentication().AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = ".issuer.session";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = LoginPath;
        });
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IssuerDb>())
            .AddServer(server =>
            {
                server.SetIssuer(issuer);
                server.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/')).SetTokenEndpointUris("connect/token");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.Email, Scopes.Profile);
                // Keys made at start (RSA-2048): OpenIddict's development certificates would be written to the user's
                // store, and its ephemeral keys are RSA-4096 (seconds per start on a small machine).
                server.AddSigningKey(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "webapp-issuer-rs256" });
                server.AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "webapp-issuer-a256" });
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        return services;
    }

    /// <summary>Creates the store and registers the web app as a client whose redirect URI is <paramref name="redirectUri"/>.</summary>
    public static async Task InitializeAsync(IServiceProvider services, Uri redirectUri)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IssuerDb>().Database.EnsureCreatedAsync();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(ClientId) is not null) return;
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "AlterTyped web app sample",
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>Maps the sign-in form and the authorize endpoint's passthrough (OpenIddict maps discovery and token itself).</summary>
    public static void MapLocalIssuer(this WebApplication app)
    {
        app.MapGet(LoginPath, (HttpContext context) => LoginPage(context.Request.Query["returnUrl"].ToString(), error: null));
        app.MapPost(LoginPath, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = form["returnUrl"].ToString();
            var user = IssuerUsers.Check(form["username"].ToString(), form["password"].ToString());
            if (user is null) return LoginPage(returnUrl, "Unknown user or wrong password.");
            var identity = new ClaimsIdentity([new Claim(Claims.Subject, user.Subject)], CookieScheme);
            await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
            // Only back into the issuer's own authorize endpoint: the form must not become an open redirect.
            return Results.Redirect(returnUrl.StartsWith(AuthorizePath + "?", StringComparison.Ordinal) ? returnUrl : "/");
        }).DisableAntiforgery();
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)AuthorizeAsync);   // a route handler: its IResult is written
    }

    /// <summary>OpenIddict validated the request (client, redirect URI, PKCE); whoever signed in at the issuer consents at once.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(CookieScheme);
        if (IssuerUsers.Find(session.Principal?.FindFirst(Claims.Subject)?.Value) is not { } user)
            return Results.Redirect(LoginPath + "?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject).SetClaim(Claims.Name, user.Name).SetClaim(Claims.Email, user.Email);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(static _ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult LoginPage(string returnUrl, string? error) => Results.Content($$"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Local issuer: sign in</title></head>
        <body>
          <h1>Local OpenID Connect issuer</h1>
          <p>Users: <code>alice</code> and <code>bob</code>, password <code>{{IssuerUsers.DevPassword}}</code> (development only).</p>
          {{(error is null ? "" : $"<p id=\"error\">{WebUtility.HtmlEncode(error)}</p>")}}
          <form method="post" action="{{LoginPath}}">
            <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}">
            <label>User <input id="username" name="username" autocomplete="username"></label>
            <label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label>
            <button id="signin" type="submit">Sign in</button>
          </form>
        </body></html>
        """, "text/html; charset=utf-8");
}
