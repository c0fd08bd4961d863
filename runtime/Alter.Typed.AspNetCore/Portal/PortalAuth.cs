using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alter.Typed.AspNetCore.Portal;

/// <summary>
/// The standalone portal's sign-in: a random admin key per run (printed by <c>alter portal</c>, like Jupyter's token),
/// exchanged on the sign-in page (constant-time compare) for an HttpOnly, SameSite=Strict cookie. A mounted portal has
/// none of this: the host's authentication and policy decide.
/// </summary>
internal static class PortalAuth
{
    public const string Scheme = "AlterPortalAdminKey";
    public const string CookieName = ".alter.portal";
    public const string AdminName = "admin";

    /// <summary>A new admin key: 192 random bits.</summary>
    public static string NewAdminKey() => "alter_portal_" + RandomNumberGenerator.GetHexString(48, lowercase: true);

    /// <summary>Whether <paramref name="given"/> is the admin key, in time independent of where they differ (both are hashed first).</summary>
    public static bool Matches(string expected, string? given)
        => given is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim())));

    /// <summary>The cookie scheme (default for authenticate and challenge): pages redirect to sign-in, other requests get 401.</summary>
    public static void AddCookie(IServiceCollection services, string prefix)
        => services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;   // plain HTTP on loopback
            o.LoginPath = prefix + "/signin";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context =>
            {
                if (HttpMethods.IsGet(context.Request.Method)) context.Response.Redirect(context.RedirectUri);
                else context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });

    /// <summary>Maps <c>GET/POST {prefix}/signin</c> (anonymous) and <c>POST {prefix}/signout</c>.</summary>
    public static void MapSignIn(RouteGroupBuilder group)
    {
        group.MapGet("/signin", (PortalRequest portal) => portal.Page<SignInPage>("Sign in", "")).AllowAnonymous();
        group.MapPost("/signin", SignInAsync).AllowAnonymous();
        group.MapPost("/signout", async (PortalRequest portal) =>
        {
            await portal.Http.SignOutAsync(Scheme).ConfigureAwait(false);
            return portal.Done(portal.Url("/signin"), "signed-out");
        });
    }

    private static async Task<IResult> SignInAsync(PortalRequest portal, [FromForm(Name = "key")] string? key, [FromQuery(Name = "ReturnUrl")] string? returnUrl)
    {
        var expected = portal.Store.Options.AdminKey ?? throw new InvalidOperationException("No admin key.");
        if (!Matches(expected, key))
            return portal.Page<SignInPage>("Sign in", "", status: StatusCodes.Status401Unauthorized,
                error: "That is not this portal's admin key. Use the key `alter portal` printed when it started.");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, AdminName)], Scheme);
        await portal.Http.SignInAsync(Scheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        return TypedResults.Redirect(IsPortalUrl(portal, returnUrl) ? returnUrl! : portal.Url("/"));
    }

    /// <summary>Only a path of the portal itself may be returned to after sign-in (no other site, no scheme-relative URL).</summary>
    private static bool IsPortalUrl(PortalRequest portal, string? url)
        => url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
           && (url + "/").StartsWith(portal.Url("/"), StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative);
}
