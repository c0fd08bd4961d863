using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>The server's own HTTP surface: the counting middleware, the auto-consenting authorize endpoint and the protected API.</summary>
internal static class ServerEndpoints
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string RevocationPath = "/connect/revoke";

    public static void Map(WebApplication app, ServerCounters counters)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments(TokenPath) && HttpMethods.IsPost(context.Request.Method))
            {
                var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
                counters.CountToken(form?["grant_type"].ToString());
            }
            else if (path.StartsWithSegments(RevocationPath)) counters.CountRevocation();
            else if (path.StartsWithSegments(AuthorizePath)) counters.CountAuthorize(context.Request.Headers.UserAgent.ToString());
            else if (path.StartsWithSegments("/api")) counters.CountApi();
            await next(context);
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], Authorize);

        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Json(new { sub = user.FindFirst(Claims.Subject)?.Value, name = user.FindFirst(Claims.Name)?.Value }))
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme });
    }

    /// <summary>Passthrough authorize endpoint: OpenIddict has validated the request (client, redirect URI, PKCE, scopes); the test user consents at once.</summary>
    private static IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.HasScope(TestUser.RefusedScope))
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = $"The user refused the '{TestUser.RefusedScope}' scope.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, TestUser.Subject).SetClaim(Claims.Name, TestUser.Name);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
