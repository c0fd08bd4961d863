using Alter.Sandbox.OAuth;

namespace Alter.Sandbox;

/// <summary>
/// What the sandbox has seen and issued, for tests to read and steer. Thread-safe.
/// Methods taking a provider id throw <see cref="ArgumentException"/> for an id the sandbox does not emulate.
/// </summary>
public sealed class SandboxState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _tokenRequests = SandboxEmulations.All.ToDictionary(e => e.Id, _ => 0, StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refreshRequests = SandboxEmulations.All.ToDictionary(e => e.Id, _ => 0, StringComparer.Ordinal);
    private readonly List<SandboxRequest> _apiRequests = [];
    private readonly List<SandboxMessage> _messages = [];
    private readonly Dictionary<string, (int Count, int RetryAfter)> _rateLimited = new(StringComparer.Ordinal);

    internal SandboxState(TokenStore tokens) => Tokens = tokens;

    internal TokenStore Tokens { get; }

    /// <summary>Every call to the provider's token endpoint (authorization code and refresh), failed ones included.</summary>
    /// <param name="providerId">An emulated provider's id (<see cref="SandboxServer.Providers"/>).</param>
    public int TokenRequests(string providerId)
    {
        SandboxProviders.Check(providerId);
        lock (_gate) return _tokenRequests[providerId];
    }

    /// <summary>The calls to the provider's token endpoint with <c>grant_type=refresh_token</c>, failed ones included.</summary>
    /// <param name="providerId">An emulated provider's id (<see cref="SandboxServer.Providers"/>).</param>
    public int RefreshRequests(string providerId)
    {
        SandboxProviders.Check(providerId);
        lock (_gate) return _refreshRequests[providerId];
    }

    /// <summary>A snapshot of every Web API call received so far, oldest first (OAuth endpoints excluded).</summary>
    public IReadOnlyList<SandboxRequest> ApiRequests
    {
        get { lock (_gate) return _apiRequests.ToArray(); }
    }

    /// <summary>A snapshot of the messages posted through <c>chat.postMessage</c>, oldest first.</summary>
    public IReadOnlyList<SandboxMessage> Messages
    {
        get { lock (_gate) return _messages.ToArray(); }
    }

    /// <summary>Makes every access token issued so far for the provider answer as expired. Refresh tokens keep working.</summary>
    /// <param name="providerId">An emulated provider's id (<see cref="SandboxServer.Providers"/>).</param>
    public void ExpireAccessTokens(string providerId) => Tokens.ExpireAccessTokens(SandboxProviders.Check(providerId));

    /// <summary>Revokes every access and refresh token issued so far for the provider, and its pending authorization codes.</summary>
    /// <param name="providerId">An emulated provider's id (<see cref="SandboxServer.Providers"/>).</param>
    public void RevokeAll(string providerId) => Tokens.RevokeAll(SandboxProviders.Check(providerId));

    /// <summary>
    /// Makes the provider's next <paramref name="count"/> Web API calls answer HTTP 429 with
    /// <c>Retry-After: <paramref name="retryAfterSeconds"/></c> (the provider's real rate-limit answer), as a test's fault injection.
    /// </summary>
    /// <param name="providerId">An emulated provider's id (<see cref="SandboxServer.Providers"/>).</param>
    /// <param name="count">How many calls are refused; <see cref="int.MaxValue"/> for a provider that stays limited.</param>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> value.</param>
    public void RateLimitNext(string providerId, int count, int retryAfterSeconds)
    {
        SandboxProviders.Check(providerId);
        lock (_gate) _rateLimited[providerId] = (count, retryAfterSeconds);
    }

    /// <summary>Takes one rate-limited answer for the provider, if any are pending: the Retry-After seconds to send.</summary>
    internal int? TakeRateLimit(string providerId)
    {
        lock (_gate)
        {
            if (!_rateLimited.TryGetValue(providerId, out var pending) || pending.Count <= 0) return null;
            _rateLimited[providerId] = (pending.Count == int.MaxValue ? int.MaxValue : pending.Count - 1, pending.RetryAfter);
            return pending.RetryAfter;
        }
    }

    internal void RecordTokenRequest(string providerId, bool refresh)
    {
        lock (_gate)
        {
            _tokenRequests[providerId]++;
            if (refresh) _refreshRequests[providerId]++;
        }
    }

    internal void RecordApiRequest(SandboxRequest request)
    {
        lock (_gate) _apiRequests.Add(request);
    }

    internal void RecordMessage(SandboxMessage message)
    {
        lock (_gate) _messages.Add(message);
    }
}
