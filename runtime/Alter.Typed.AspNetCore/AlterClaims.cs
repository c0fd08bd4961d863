using System.Security.Claims;

namespace Alter.Typed.AspNetCore;

/// <summary>The default mapping from an authenticated <see cref="ClaimsPrincipal"/> to a user <see cref="Principal"/>.</summary>
public static class AlterClaims
{
    /// <summary>
    /// <see cref="Principal.User"/>(issuer, subject) of an authenticated user: the subject is the <c>sub</c> claim (or
    /// <see cref="ClaimTypes.NameIdentifier"/>, which JwtBearer maps <c>sub</c> to); the issuer is an <c>iss</c> claim
    /// if there is one, else the issuer the authentication handler recorded on the subject claim (the token's <c>iss</c>
    /// for JwtBearer and OpenID Connect, kept by the cookie). Null when the user is anonymous or these are missing: a
    /// claim issued by the app itself (<see cref="ClaimsIdentity.DefaultIssuer"/>) names no issuer, and two issuers'
    /// subjects must never meet.
    /// </summary>
    /// <param name="user">The request's user.</param>
    public static Principal? ToPrincipal(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true) return null;
        var subject = user.FindFirst("sub") ?? user.FindFirst(ClaimTypes.NameIdentifier);
        if (subject is null || subject.Value.Length == 0) return null;
        var issuer = user.FindFirst("iss")?.Value is { Length: > 0 } iss ? iss : subject.Issuer;
        if (string.IsNullOrEmpty(issuer) || issuer == ClaimsIdentity.DefaultIssuer) return null;
        try { return Principal.User(issuer, subject.Value); }
        catch (ArgumentException) { return null; }
    }
}
