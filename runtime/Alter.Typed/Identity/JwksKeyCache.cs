using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Alter.Typed;

/// <summary>
/// The signing keys of one issuer, fetched from its JWK set (through its discovery document when there is one), cached,
/// and refetched at most once per <see cref="JwtPrincipalOptions.JwksRefreshInterval"/>.
/// </summary>
/// <remarks>
/// Written here rather than taken from IdentityModel's <c>ConfigurationManager</c> because the rules must be exact and
/// testable: that manager reads the system clock (not the options' <see cref="TimeProvider"/>), and after a refresh request
/// it refreshes in the background while the current call still sees the old keys, so "an unknown key id causes exactly one
/// fetch, then a refusal" would not hold deterministically. Here one fetch runs at a time, every caller waits for it, and
/// every fetch (success or failure) starts the interval. Keys come only from the configured JWK set: nothing in a token
/// (<c>jku</c>, <c>x5u</c>, <c>jwk</c>, <c>x5c</c>) is ever fetched or trusted.
/// </remarks>
internal sealed partial class JwksKeyCache : IDisposable
{
    private const int MaxDocumentBytes = 512 * 1024;
    private const int MaxQuotedLength = 200;

    private readonly string _issuer;
    private readonly Uri? _discoveryUri;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _autoRefresh;
    private readonly Func<Uri, bool> _isAllowedUri;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;

    private Uri? _jwksUri;
    private KeySet? _keys;
    private DateTimeOffset? _lastFetch;
    private string? _lastError;

    public JwksKeyCache(JwtPrincipalOptions options, TimeProvider clock, ILoggerFactory? loggerFactory)
    {
        _clock = clock;
        _logger = (ILogger?)loggerFactory?.CreateLogger<JwtUserTokenValidator>() ?? NullLogger.Instance;
        _refreshInterval = options.JwksRefreshInterval;
        _autoRefresh = options.JwksAutoRefresh;
        _isAllowedUri = options.IsAllowedMetadataUri;
        if (!string.IsNullOrEmpty(options.Authority))
        {
            _issuer = options.Authority;
            // OpenID Connect Discovery 1.0, section 4: remove a trailing slash, append the well-known path.
            _discoveryUri = new Uri(options.Authority.TrimEnd('/') + "/.well-known/openid-configuration");
        }
        else
        {
            _issuer = options.Issuer!;
            _jwksUri = options.JwksUri;
        }

        var handler = options.BackchannelHandler
            // No redirects: the keys must be served at the address the issuer published.
            ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler, disposeHandler: options.BackchannelHandler is null)
        {
            Timeout = options.BackchannelTimeout,
            MaxResponseContentBufferSize = MaxDocumentBytes,
        };
    }

    /// <summary>The issuer whose keys these are: exactly the <c>iss</c> its tokens carry.</summary>
    public string Issuer => _issuer;

    /// <summary>
    /// The keys that may have signed a token with key id <paramref name="keyId"/> (all keys when the token names none).
    /// Fetches when nothing is cached, when the keys are older than the auto-refresh time, or when the key id is unknown,
    /// provided the last fetch is older than the refresh interval.
    /// </summary>
    /// <exception cref="InvalidUserTokenException"><c>keys_unavailable</c> or <c>unknown_key</c>.</exception>
    public async ValueTask<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        var keys = Volatile.Read(ref _keys);
        if (keys is not null && !IsStale(keys) && Match(keys, keyId) is { Count: > 0 } cached) return cached;

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched while this one waited: decide again on what is cached now.
            keys = _keys;
            var needed = keys is null || IsStale(keys) || Match(keys, keyId).Count == 0;
            if (needed && (_lastFetch is not { } last || _clock.GetUtcNow() - last >= _refreshInterval))
                keys = await FetchAsync(rediscover: keys is null || IsStale(keys), cancellationToken).ConfigureAwait(false) ?? keys;
        }
        finally
        {
            _gate.Release();
        }

        if (keys is null)
            throw new InvalidUserTokenException(
                $"The signing keys of issuer '{Quote(_issuer)}' could not be fetched ({_lastError ?? "no fetch yet"}); the token cannot be checked. Next attempt in at most {Describe(_refreshInterval)}: check that the issuer's discovery document and JWK set are reachable from this server.",
                "keys_unavailable");
        var match = Match(keys, keyId);
        if (match.Count == 0)
            throw new InvalidUserTokenException(
                keyId is null
                    ? $"Issuer '{Quote(_issuer)}' publishes no signing key this server can use (RSA or EC, use 'sig')."
                    : $"The token names a signing key (kid '{Quote(keyId)}') that issuer '{Quote(_issuer)}' does not publish: it was signed by another issuer or with a retired key. Keys are fetched again at most once every {Describe(_refreshInterval)}.",
                "unknown_key");
        return match;
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private bool IsStale(KeySet keys) => _clock.GetUtcNow() - keys.FetchedAt >= _autoRefresh;

    private static IReadOnlyList<SecurityKey> Match(KeySet keys, string? keyId)
        => keyId is null ? keys.All : keys.ByKeyId.GetValueOrDefault(keyId, []);

    /// <summary>One fetch (under the gate): the discovery document when asked and there is one, then the JWK set. Null on failure.</summary>
    private async Task<KeySet?> FetchAsync(bool rediscover, CancellationToken cancellationToken)
    {
        var previousFetch = _lastFetch;
        _lastFetch = _clock.GetUtcNow();
        try
        {
            if (_discoveryUri is not null && (rediscover || _jwksUri is null))
            {
                var configuration = OpenIdConnectConfiguration.Create(await GetDocumentAsync(_discoveryUri, "discovery document", cancellationToken).ConfigureAwait(false));
                // Discovery 1.0, section 4.3: the document must name exactly the issuer it was fetched for (no mix-up).
                if (!string.Equals(configuration.Issuer, _issuer, StringComparison.Ordinal))
                    return Failed($"the discovery document at {_discoveryUri} names issuer '{Quote(configuration.Issuer ?? "")}', not '{Quote(_issuer)}': set Authority to exactly the iss of your tokens");
                if (!Uri.TryCreate(configuration.JwksUri, UriKind.Absolute, out var jwksUri) || !_isAllowedUri(jwksUri))
                    return Failed($"the discovery document at {_discoveryUri} has no usable jwks_uri (absolute, https unless loopback)");
                _jwksUri = jwksUri;
            }

            var set = new JsonWebKeySet(await GetDocumentAsync(_jwksUri!, "JWK set", cancellationToken).ConfigureAwait(false));
            // Asymmetric signing keys only: a symmetric key in a JWK set would be a shared secret, and HMAC is never accepted.
            var keys = set.GetSigningKeys().Where(k => k is RsaSecurityKey or ECDsaSecurityKey or X509SecurityKey or JsonWebKey { Kty: "RSA" or "EC" }).ToArray();
            var fetched = new KeySet(keys, keys.Where(k => !string.IsNullOrEmpty(k.KeyId)).GroupBy(k => k.KeyId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal), _clock.GetUtcNow());
            Volatile.Write(ref _keys, fetched);
            _lastError = null;
            LogFetched(_logger, keys.Length, _issuer, _jwksUri!);
            return fetched;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _lastFetch = previousFetch;   // the caller gave up: that is no fetch to wait an interval for
            throw;
        }
        catch (FetchException e)
        {
            return Failed(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed($"a document from the issuer could not be read ({e.GetType().Name})");
        }
    }

    private async Task<string> GetDocumentAsync(Uri uri, string what, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new FetchException($"GET {uri} for the {what} answered HTTP {(int)response.StatusCode}");
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new FetchException($"GET {uri} for the {what} failed: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException($"GET {uri} for the {what} took longer than the backchannel timeout");
        }
    }

    private KeySet? Failed(string error)
    {
        _lastError = error;
        LogFetchFailed(_logger, _issuer, error, _keys?.All.Count ?? 0, Describe(_refreshInterval));
        return null;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "Fetched {KeyCount} signing keys of issuer {Issuer} from {JwksUri}")]
    private static partial void LogFetched(ILogger logger, int keyCount, string issuer, Uri jwksUri);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Could not fetch the signing keys of issuer {Issuer}: {Error}; {CachedKeyCount} cached keys stay in use, next attempt in {RetryAfter} at the earliest")]
    private static partial void LogFetchFailed(ILogger logger, string issuer, string error, int cachedKeyCount, string retryAfter);

    private static string Describe(TimeSpan interval) => interval.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>A value from a token or the issuer's documents, bounded and without control characters, for a message.</summary>
    internal static string Quote(string value)
    {
        var bounded = value.Length > MaxQuotedLength ? value[..MaxQuotedLength] + "…" : value;
        return string.Create(bounded.Length, bounded, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++) span[i] = char.IsControl(s[i]) || s[i] is '\u2028' or '\u2029' or '\u0085' ? '?' : s[i];
        });
    }

    /// <summary>One fetched JWK set: all its usable keys, and by key id (looked up on every validation).</summary>
    private sealed record KeySet(IReadOnlyList<SecurityKey> All, Dictionary<string, SecurityKey[]> ByKeyId, DateTimeOffset FetchedAt);

    private sealed class FetchException(string message) : Exception(message);
}
