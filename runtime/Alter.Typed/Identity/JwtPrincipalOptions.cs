using Microsoft.Extensions.Logging;

namespace Alter.Typed;

/// <summary>
/// How <see cref="JwtUserTokenValidator"/> accepts a user's access token (a JWT from your identity provider): whose keys,
/// which audience, which algorithms. Set either <see cref="Authority"/> (OpenID Connect discovery) or
/// <see cref="Issuer"/> + <see cref="JwksUri"/>, and at least one of <see cref="Audiences"/>.
/// </summary>
/// <example>
/// <code>
/// services.AddAlter().AddJwtPrincipals(o =>
/// {
///     o.Authority = "https://login.example.com/";   // exactly the tokens' iss
///     o.Audiences.Add("api://my-app");             // exactly the tokens' aud
/// });
/// </code>
/// </example>
public sealed class JwtPrincipalOptions
{
    /// <summary>The default <see cref="MaxTokenLength"/>: 16 KiB.</summary>
    public const int DefaultMaxTokenLength = 16 * 1024;

    /// <summary>
    /// The issuer identifier, exactly as the tokens' <c>iss</c> (a trailing slash counts): its discovery document is read
    /// from <c>{Authority without trailing slash}/.well-known/openid-configuration</c>, must name this same issuer, and
    /// gives the <c>jwks_uri</c> the signing keys come from. Set this, or <see cref="Issuer"/> and <see cref="JwksUri"/>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Without discovery: the issuer, exactly as the tokens' <c>iss</c>. Needs <see cref="JwksUri"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>Without discovery: where the issuer publishes its signing keys (a JWK set). Needs <see cref="Issuer"/>.</summary>
    public Uri? JwksUri { get; set; }

    /// <summary>
    /// The audiences this app accepts, compared exactly with the token's <c>aud</c> (one match suffices). Required: use your
    /// API's own identifier, so that an ID token or a token issued for another API is refused.
    /// </summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>
    /// The signature algorithms accepted. Default: RS256, RS384, RS512, PS256, ES256, ES384. Only asymmetric algorithms
    /// are allowed here: <c>none</c> and HMAC (<c>HS*</c>) are refused when the options are checked.
    /// </summary>
    public IList<string> Algorithms { get; } = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"];

    /// <summary>
    /// Tolerance for clocks that disagree, applied to <c>exp</c> and <c>nbf</c>. Default: 1 minute (smaller than the
    /// 5 minutes of ASP.NET Core's JWT bearer handler: access tokens often live 5–15 minutes, and NTP keeps servers close).
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The claim that identifies the user within the issuer. Default: <c>sub</c>.</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>The claim listing the user's groups (a string or an array of strings); null: none read. Default: <c>groups</c>.</summary>
    public string? GroupsClaim { get; set; } = "groups";

    /// <summary>The longest token accepted, in characters, checked before anything else is read. Default: 16 KiB.</summary>
    public int MaxTokenLength { get; set; } = DefaultMaxTokenLength;

    /// <summary>
    /// The shortest time between two fetches of the issuer's keys. A token signed with a key id that is not cached makes
    /// at most one fetch per interval (to pick up a rotated key); within it such tokens are refused without a fetch, so
    /// made-up key ids cannot flood the issuer. A fetch that failed is retried after this interval too. Default: 5 minutes.
    /// </summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long fetched keys (and the discovery document) are used before they are fetched again on the next validation.
    /// If that fetch fails, the keys in hand stay in use. Default: 1 hour.
    /// </summary>
    public TimeSpan JwksAutoRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Require the JWT header <c>typ</c> to be <c>at+jwt</c> (RFC 9068 access tokens; <c>application/at+jwt</c> too), which
    /// tells an access token from an ID token of the same issuer. Default: false (many issuers send <c>JWT</c>).
    /// </summary>
    public bool RequireAccessTokenType { get; set; }

    /// <summary>
    /// Require https for the discovery document and the keys. Loopback addresses (127.0.0.0/8, [::1], localhost) may always
    /// use http. Default: true.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The handler that fetches the discovery document and keys (a proxy, a test server). Default: a new
    /// <see cref="SocketsHttpHandler"/> owned by the validator. A handler given here is not disposed by the validator.
    /// </summary>
    public HttpMessageHandler? BackchannelHandler { get; set; }

    /// <summary>How long one fetch of the discovery document or keys may take. Default: 10 seconds.</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where the key cache logs its fetches (a failed one as a warning, with the address and status; never a token).
    /// Default: under dependency injection, <see cref="AlterOptions.LoggerFactory"/> or the container's; else nowhere.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The clock for token lifetimes and the key cache (tests move it). Default (null): under dependency injection
    /// <see cref="AlterOptions.TimeProvider"/>, so that one clock serves the app; a validator made in code, the system clock.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Checks the options; the message says which setting to fix.</summary>
    /// <exception cref="ArgumentException">An option is missing or not allowed.</exception>
    public void Validate()
    {
        var hasAuthority = !string.IsNullOrEmpty(Authority);
        if (hasAuthority == (!string.IsNullOrEmpty(Issuer) || JwksUri is not null))
            throw Invalid("Set either Authority (OpenID Connect discovery) or Issuer together with JwksUri, not both and not neither.");
        if (hasAuthority)
            CheckMetadataUri(Authority!, nameof(Authority));
        else
        {
            if (string.IsNullOrEmpty(Issuer)) throw Invalid("JwksUri needs Issuer: the exact iss of the tokens.");
            if (JwksUri is null) throw Invalid("Issuer needs JwksUri: where the issuer publishes its signing keys.");
            CheckMetadataUri(JwksUri.OriginalString, nameof(JwksUri));
        }

        if (Audiences.Count == 0 || Audiences.Any(string.IsNullOrWhiteSpace))
            throw Invalid("Audiences needs at least one non-empty value: your API's identifier, exactly as the tokens' aud.");
        if (Algorithms.Count == 0) throw Invalid("Algorithms needs at least one asymmetric algorithm (for example RS256).");
        foreach (var algorithm in Algorithms)
            if (!IsAsymmetric(algorithm))
                throw Invalid($"Algorithm '{algorithm}' is not allowed: only RS256/384/512, PS256/384/512 and ES256/384/512 are (never none, never HMAC).");
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10)) throw Invalid("ClockSkew must be between 0 and 10 minutes.");
        if (string.IsNullOrWhiteSpace(UserIdClaim)) throw Invalid("UserIdClaim cannot be empty (the usual value is sub).");
        if (MaxTokenLength is < 256 or > 1024 * 1024) throw Invalid("MaxTokenLength must be between 256 and 1048576 characters.");
        if (JwksRefreshInterval <= TimeSpan.Zero) throw Invalid("JwksRefreshInterval must be positive.");
        if (JwksAutoRefresh < JwksRefreshInterval) throw Invalid("JwksAutoRefresh cannot be shorter than JwksRefreshInterval.");
        if (BackchannelTimeout <= TimeSpan.Zero) throw Invalid("BackchannelTimeout must be positive.");
    }

    /// <summary>The algorithms a JWT may be signed with here at all: the asymmetric JWS ones (RFC 7518).</summary>
    internal static bool IsAsymmetric(string? algorithm)
        => algorithm is "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512" or "ES256" or "ES384" or "ES512";

    /// <summary>Whether <paramref name="uri"/> may be fetched under these options: https, or http on a loopback address.</summary>
    internal bool IsAllowedMetadataUri(Uri uri)
        => uri.Scheme == Uri.UriSchemeHttps
           || (uri.Scheme == Uri.UriSchemeHttp && (!RequireHttpsMetadata || uri.IsLoopback));

    private void CheckMetadataUri(string value, string name)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw Invalid($"{name} must be an absolute http(s) URL without query or fragment.");
        if (!IsAllowedMetadataUri(uri))
            throw Invalid($"{name} must use https (http is allowed only on loopback addresses, or with RequireHttpsMetadata = false).");
    }

    private static ArgumentException Invalid(string message) => new($"JwtPrincipalOptions: {message}");
}
