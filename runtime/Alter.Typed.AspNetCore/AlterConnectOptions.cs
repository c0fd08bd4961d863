using System.Security.Claims;

namespace Alter.Typed.AspNetCore;

/// <summary>Settings of the Connect endpoints (<c>MapAlterConnect</c>) and of the request's-user principal source.</summary>
public sealed class AlterConnectOptions
{
    /// <summary>
    /// The site's public address (<c>https://app.example.com/</c>, with a path base if any). The redirect URI sent to
    /// providers is <c>{PublicBaseUrl}{prefix}/callback</c>, whatever the request's Host header says. Set it in production,
    /// and whenever the app runs behind a reverse proxy. When null, the request's scheme and host are used (as
    /// <c>UseForwardedHeaders</c> left them, which trusts only the proxies it is configured to trust).
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) a Connect may send the person back to. Default (empty): only the site's own
    /// (public) origin. A return URL elsewhere is refused before anything starts (no open redirect).
    /// </summary>
    public IList<string> AllowedReturnOrigins { get; } = [];

    /// <summary>Where the person goes after connecting when the Connect named no return URL. Default: <c>/</c>.</summary>
    public string DefaultReturnPath { get; set; } = "/";

    /// <summary>How long a connect session minted by <c>POST {prefix}/sessions</c> works. Default: 30 minutes.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Maps the request's authenticated user (already validated by the app's JwtBearer, cookie or OpenID Connect
    /// authentication) to the principal that owns grants; null when it has none. Default: <see cref="AlterClaims.ToPrincipal"/>
    /// (the <c>iss</c> and <c>sub</c> claims).
    /// </summary>
    public Func<ClaimsPrincipal, Principal?> PrincipalFromUser { get; set; } = AlterClaims.ToPrincipal;
}
