using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Alter.Typed;

/// <summary>
/// Validates a user's access token (a signed JWT from your identity provider) and returns the user it identifies:
/// <see cref="Principal.User"/> of its <c>iss</c> and <c>sub</c>. The signature is checked only with the issuer's own
/// published keys (discovery <c>jwks_uri</c> or <see cref="JwtPrincipalOptions.JwksUri"/>), cached and refetched at most
/// once per <see cref="JwtPrincipalOptions.JwksRefreshInterval"/>; keys named by the token itself (<c>jku</c>, <c>x5u</c>,
/// <c>jwk</c>) are ignored. Issuer and audience are compared exactly, <c>exp</c> is required, <c>nbf</c> honoured, and
/// only the allowed asymmetric algorithms pass. Every refusal is an <see cref="InvalidUserTokenException"/> whose
/// <see cref="InvalidUserTokenException.Reason"/> is one of <c>malformed</c>, <c>too_large</c>, <c>algorithm_not_allowed</c>,
/// <c>wrong_token_type</c>, <c>wrong_issuer</c>, <c>keys_unavailable</c>, <c>unknown_key</c>, <c>bad_signature</c>,
/// <c>no_expiry</c>, <c>expired</c>, <c>not_yet_valid</c>, <c>wrong_audience</c>, <c>no_subject</c>; its message says what
/// to fix and never contains the token.
/// </summary>
/// <example>
/// With dependency injection, <c>services.AddAlter().AddJwtPrincipals(o => ...)</c> creates it. Without, create one per
/// issuer for the app's life, and give the app a way to find the current user's token:
/// <code>
/// using var jwt = new JwtUserTokenValidator(new JwtPrincipalOptions
/// {
///     Authority = "https://login.example.com/",   // exactly the tokens' iss
///     Audiences = { "api://my-app" },              // exactly the tokens' aud
/// });
/// var app = new App(apiKey, new AlterOptions
/// {
///     UserTokenValidator = jwt,
///     // The access token the current request came with (for example its Authorization: Bearer value); null: the app itself.
///     UserTokenGetter = _ => ValueTask.FromResult(currentAccessToken),
/// });
/// ValidatedUserToken user = await jwt.ValidateUserAsync(currentAccessToken);   // or directly: principal, groups, expiry
/// </code>
/// </example>
public sealed class JwtUserTokenValidator : IUserTokenValidator, IDisposable
{
    private const int MaxQuotedAudiences = 3;

    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = 1024 * 1024 };
    private readonly JwksKeyCache _keys;
    private readonly TimeProvider _clock;
    private readonly string[] _audiences;
    private readonly string[] _algorithms;
    private readonly TimeSpan _clockSkew;
    private readonly string _userIdClaim;
    private readonly string? _groupsClaim;
    private readonly int _maxTokenLength;
    private readonly bool _requireAccessTokenType;

    /// <summary>Creates a validator from <paramref name="options"/>, which are checked and copied (later changes are not seen).</summary>
    /// <param name="options">The issuer, audiences and rules.</param>
    /// <exception cref="ArgumentException">The options are incomplete or unsafe; the message names the setting.</exception>
    public JwtUserTokenValidator(JwtPrincipalOptions options) : this(options, null, null) { }

    /// <summary>Under dependency injection the clock and loggers default to the app's.</summary>
    internal JwtUserTokenValidator(JwtPrincipalOptions options, TimeProvider? defaultClock, ILoggerFactory? defaultLoggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _clock = options.TimeProvider ?? defaultClock ?? AlterOptions.DefaultClock;
        _audiences = [.. options.Audiences];
        _algorithms = [.. options.Algorithms];
        _clockSkew = options.ClockSkew;
        _userIdClaim = options.UserIdClaim;
        _groupsClaim = string.IsNullOrEmpty(options.GroupsClaim) ? null : options.GroupsClaim;
        _maxTokenLength = options.MaxTokenLength;
        _requireAccessTokenType = options.RequireAccessTokenType;
        _keys = new JwksKeyCache(options, _clock, options.LoggerFactory ?? defaultLoggerFactory);
    }

    /// <summary>The issuer whose tokens this validator accepts (exactly their <c>iss</c>).</summary>
    public string Issuer => _keys.Issuer;

    /// <inheritdoc/>
    public async ValueTask<Principal> ValidateAsync(string token, CancellationToken cancellationToken = default)
        => (await ValidateUserAsync(token, cancellationToken).ConfigureAwait(false)).Principal;

    /// <summary>Validates <paramref name="token"/> and returns the user, their groups and the token's expiry.</summary>
    /// <param name="token">The compact JWT (without a <c>Bearer </c> prefix).</param>
    /// <param name="cancellationToken">Cancels a key fetch in progress.</param>
    /// <returns>The validated user.</returns>
    /// <exception cref="InvalidUserTokenException">The token is refused; <see cref="InvalidUserTokenException.Reason"/> says why.</exception>
    public async ValueTask<ValidatedUserToken> ValidateUserAsync(string token, CancellationToken cancellationToken = default)
    {
        // Cheap checks first, on the unverified token: no crypto and no fetch for what can be refused by reading it.
        if (string.IsNullOrEmpty(token)) throw Refused("malformed", "No token was given: pass the user's access token (a JWT).");
        if (token.Length > _maxTokenLength)
            throw Refused("too_large", $"The token is {token.Length} characters long, more than MaxTokenLength ({_maxTokenLength}): raise MaxTokenLength if your issuer's tokens are this large.");
        var jwt = Parse(token);

        var algorithm = jwt.Alg;
        if (!_algorithms.Contains(algorithm, StringComparer.Ordinal))
            throw Refused("algorithm_not_allowed", string.IsNullOrEmpty(algorithm) || algorithm == "none"
                ? "The token is not signed (alg none): only signed tokens are accepted."
                : $"The token is signed with '{JwksKeyCache.Quote(algorithm)}', which is not allowed here (allowed: {string.Join(", ", _algorithms)}; never none or HMAC).");
        // RFC 7515 4.1.11: extensions listed as critical must be understood; this validator understands none.
        if (jwt.TryGetHeaderValue<object>("crit", out _))
            throw Refused("malformed", "The token's header lists critical extensions (crit) that this server does not support.");
        if (_requireAccessTokenType && !IsAccessTokenType(jwt.Typ))
            throw Refused("wrong_token_type", $"The token's typ is '{JwksKeyCache.Quote(jwt.Typ)}', not 'at+jwt': an access token is required (an ID token or another kind of JWT is not one). Send the access token, or turn off RequireAccessTokenType if your issuer does not set typ.");
        if (!string.Equals(jwt.Issuer, _keys.Issuer, StringComparison.Ordinal))
            throw Refused("wrong_issuer", $"The token's issuer '{JwksKeyCache.Quote(jwt.Issuer)}' is not '{JwksKeyCache.Quote(_keys.Issuer)}', the one this app accepts (compared exactly: a trailing slash counts).");

        var keys = await _keys.GetSigningKeysAsync(string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid, cancellationToken).ConfigureAwait(false);
        await CheckSignatureAsync(jwt, keys).ConfigureAwait(false);

        // Claims are checked here rather than by the handler: exactly (its audience check ignores a trailing slash by
        // default) and on the options' clock.
        var expiresAt = CheckLifetime(jwt);
        CheckAudience(jwt);
        return new ValidatedUserToken(UserOf(jwt), GroupsOf(jwt), expiresAt);
    }

    /// <summary>Stops the key cache's HTTP client (and the handler it created, not one given in the options).</summary>
    public void Dispose() => _keys.Dispose();

    private static JsonWebToken Parse(string token)
    {
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw Refused("malformed", "The token starts with 'Bearer ': pass the token alone, without the Authorization scheme.");
        // Five segments is an encrypted token (JWE): its claims cannot be read here.
        if (token.AsSpan().Count('.') != 2)
            throw Refused("malformed", "The token is not a signed JWT (three dot-separated parts); encrypted (JWE) or opaque tokens are not accepted: configure the issuer to send signed JWT access tokens.");
        try
        {
            var jwt = new JsonWebToken(token);
            _ = (jwt.Alg, jwt.Typ, jwt.Kid, jwt.Issuer);   // read now, so a header or iss of the wrong JSON type is "malformed" here
            return jwt;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Refused("malformed", "The token is not a well-formed JWT (its header or payload is not base64url-encoded JSON objects of the expected shape).");
        }
    }

    private static bool IsAccessTokenType(string? type)
        => string.Equals(type, "at+jwt", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "application/at+jwt", StringComparison.OrdinalIgnoreCase);

    private async Task CheckSignatureAsync(JsonWebToken jwt, IReadOnlyList<SecurityKey> keys)
    {
        // The handler checks only the signature and algorithm here; claims are checked by this class afterwards.
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = _algorithms,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateTokenReplay = false,
        };
        var result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (result.IsValid) return;
        // The library's message is not passed on: with PII logging turned on it may quote the token.
        throw result.Exception switch
        {
            SecurityTokenInvalidAlgorithmException => Refused("algorithm_not_allowed", "The token's algorithm does not fit the issuer's key or is not allowed here."),
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException
                => Refused("bad_signature", "The token's signature does not verify with the issuer's published keys: it was altered, or signed by someone else."),
            _ => Refused("bad_signature", $"The token's signature could not be verified ({result.Exception?.GetType().Name ?? "no detail"})."),
        };
    }

    private DateTimeOffset CheckLifetime(JsonWebToken jwt)
    {
        DateTime validTo, validFrom;
        try
        {
            (validTo, validFrom) = (jwt.ValidTo, jwt.ValidFrom);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Refused("malformed", "The token's exp or nbf is not a number of seconds since 1970 (NumericDate).");
        }

        // DateTime.MinValue is how the library says the claim is absent.
        if (validTo == DateTime.MinValue) throw Refused("no_expiry", "The token has no expiry (exp): only tokens that expire are accepted.");
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        var now = _clock.GetUtcNow();
        // exp: valid strictly before it (RFC 7519 4.1.4), skew added; nbf: valid from it on, skew subtracted.
        if (now >= expiresAt + _clockSkew)
            throw Refused("expired", $"The token expired at {Format(expiresAt)} (now {Format(now)}, clock skew allowed {_clockSkew.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s): get a fresh access token.");
        if (validFrom != DateTime.MinValue && new DateTimeOffset(DateTime.SpecifyKind(validFrom, DateTimeKind.Utc)) is var notBefore && notBefore > now + _clockSkew)
            throw Refused("not_yet_valid", $"The token is not valid before {Format(notBefore)} (now {Format(now)}): check this server's clock, or the issuer's.");
        return expiresAt;
    }

    private void CheckAudience(JsonWebToken jwt)
    {
        var audiences = jwt.Audiences.ToArray();
        if (audiences.Length == 0)
            throw Refused("wrong_audience", $"The token has no audience (aud): request an access token for {string.Join(" or ", _audiences.Select(a => $"'{JwksKeyCache.Quote(a)}'"))}.");
        foreach (var audience in audiences)
            if (_audiences.Contains(audience, StringComparer.Ordinal)) return;
        var shown = string.Join(", ", audiences.Take(MaxQuotedAudiences).Select(a => $"'{JwksKeyCache.Quote(a)}'")) + (audiences.Length > MaxQuotedAudiences ? ", …" : "");
        throw Refused("wrong_audience", $"The token is for {shown}, not for this app ({string.Join(" or ", _audiences.Select(a => $"'{JwksKeyCache.Quote(a)}'"))}; compared exactly): an ID token, or an access token for another API? Request an access token for this app's audience.");
    }

    private Principal UserOf(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>(_userIdClaim, out var subject) || string.IsNullOrEmpty(subject))
            throw Refused("no_subject", $"The token has no '{JwksKeyCache.Quote(_userIdClaim)}' claim (a string) to identify the user: set UserIdClaim to the claim your issuer uses.");
        try
        {
            return Principal.User(jwt.Issuer, subject);
        }
        catch (ArgumentException)
        {
            throw Refused("malformed", $"The token's issuer or '{JwksKeyCache.Quote(_userIdClaim)}' claim is longer than {Principal.MaxLength} characters or holds control characters.");
        }
    }

    private string[] GroupsOf(JsonWebToken jwt)
        => _groupsClaim is null ? [] : [.. jwt.Claims.Where(c => c.Type == _groupsClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal)];

    private static string Format(DateTimeOffset time) => time.ToString("u", CultureInfo.InvariantCulture);

    private static InvalidUserTokenException Refused(string reason, string message) => new(message, reason);
}
