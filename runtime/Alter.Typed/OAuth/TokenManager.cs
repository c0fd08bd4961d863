using System.Collections.Concurrent;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Alter.Typed.OAuth;

/// <summary>An access token handed to the pipeline for one attempt. Never logged.</summary>
internal readonly record struct TokenLease(string AccessToken, bool Refreshed)
{
    public override string ToString() => $"TokenLease {{ Refreshed = {Refreshed} }}";
}

/// <summary>
/// Hands out fresh access tokens. Tokens are cached decrypted in memory; the vault is read when the cache
/// cannot serve. A refresh is single-flight per grant, persists the (possibly rotated) refresh token before the
/// new access token is used, retries the token endpoint's transient failures with the pipeline's retry mechanism (Polly,
/// on the options' clock), and treats <c>invalid_grant</c> as a lost race first: it re-reads the vault, and
/// only when the vault holds nothing newer does it mark the grant as needing re-authorization.
/// </summary>
internal sealed partial class TokenManager(GrantStore grants, OAuthClient oauth, TimeSpan skew, TimeProvider time, ILogger logger) : Http.ICredentialSource
{
    /// <summary>The provider refused the grant's token even after a refresh: mark the grant and drop its cached tokens.</summary>
    public void MarkReauthRequired(GrantInfo grant)
    {
        grants.SetStatus(grant.Id, GrantStatus.ReauthRequired);
        Forget(grant.Id);
    }

    private sealed record Cached(TokenSet Tokens, long Version);

    /// <summary>Backoff between attempts when the token endpoint fails transiently (5xx, 429, network).</summary>
    private static readonly TimeSpan[] TransientRetryDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    /// <summary>How long one process may hold a grant's refresh lease (a crashed holder's lease lapses after this).</summary>
    private static readonly TimeSpan RefreshLeaseTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeasePollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, Cached> _cache = new();

    /// <summary>For tests: runs when new tokens arrived and are about to be persisted (grant id, version they replace).</summary>
    internal Action<string, long>? BeforePersist { get; set; }
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>
    /// Returns a usable access token for the grant. <paramref name="rejected"/> is a token the provider just refused:
    /// the result is never that token (it forces a refresh unless someone else already replaced it).
    /// </summary>
    public ValueTask<TokenLease> GetAsync(GrantInfo grant, ResolvedProvider provider, string? rejected, CancellationToken cancellationToken)
        => GetAsync(grant, provider, rejected, time.GetUtcNow(), cancellationToken);

    /// <summary>As above, judged at <paramref name="now"/>: the handler passes the clock reading the call already took for its audit row.</summary>
    public ValueTask<TokenLease> GetAsync(GrantInfo grant, ResolvedProvider provider, string? rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(grant.Id, out var cached) && cached.Tokens.AccessToken != rejected && cached.Tokens.IsUsableAt(now, skew))
            return new(new TokenLease(cached.Tokens.AccessToken, false));
        return new(GetSlowAsync(grant, provider, rejected, cancellationToken));
    }

    public void Forget(string grantId) => _cache.TryRemove(grantId, out _);

    private async Task<TokenLease> GetSlowAsync(GrantInfo grant, ResolvedProvider provider, string? rejected, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(grant.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Someone else may have refreshed while we waited, in this process (cache) or another (vault).
            if (_cache.TryGetValue(grant.Id, out var cached) && cached.Tokens.AccessToken != rejected && cached.Tokens.IsUsableAt(time.GetUtcNow(), skew))
                return new TokenLease(cached.Tokens.AccessToken, false);
            var stored = Load(grant, provider);
            if (stored.Tokens.AccessToken != rejected && stored.Tokens.IsUsableAt(time.GetUtcNow(), skew))
                return new TokenLease(stored.Tokens.AccessToken, false);
            return await RefreshAsync(grant, provider, stored, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private Cached Load(GrantInfo grant, ResolvedProvider provider)
    {
        var row = grants.ReadTokens(grant.Id) ?? throw Reauth(grant, provider, "has no tokens in the vault");
        var cached = new Cached(row.Tokens, row.Version);
        _cache[grant.Id] = cached;
        return cached;
    }

    /// <summary>One refresh at the token endpoint: the new lease, or the endpoint's failure (transient or a refusal).</summary>
    private sealed record RefreshAttempt(TokenLease? Lease, TokenResult? Failure);

    /// <summary>What a refresh's attempts share: the vault entry they start from (re-read between attempts) and a count.</summary>
    private sealed class RefreshState(GrantInfo grant, ResolvedProvider provider, Cached stored)
    {
        public GrantInfo Grant { get; } = grant;
        public ResolvedProvider Provider { get; } = provider;
        public Cached Stored { get; set; } = stored;
        public int Attempts { get; set; }
    }

    /// <summary>
    /// The token endpoint's transient failures (5xx, 429, network) are retried with backoff by the same mechanism as calls
    /// (Polly, on the options' clock), bounded by <see cref="TransientRetryDelays"/>.
    /// </summary>
    private readonly ResiliencePipeline<RefreshAttempt> _transientRetry = new ResiliencePipelineBuilder<RefreshAttempt> { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions<RefreshAttempt>
        {
            MaxRetryAttempts = TransientRetryDelays.Length,
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is { Failure.IsTransient: true }),
            DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(TransientRetryDelays[Math.Min(args.AttemptNumber, TransientRetryDelays.Length - 1)]),
        })
        .Build();

    private async Task<TokenLease> RefreshAsync(GrantInfo grant, ResolvedProvider provider, Cached stored, CancellationToken cancellationToken)
    {
        var raceRetried = false;
        while (true)
        {
            var state = new RefreshState(grant, provider, stored);
            var attempt = await _transientRetry.ExecuteAsync(static (state, token) => state.Manager.AttemptAsync(state.State, token), (Manager: this, State: state), cancellationToken).ConfigureAwait(false);
            if (attempt.Lease is { } lease) return lease;
            stored = state.Stored;
            var result = attempt.Failure!;
            if (result.IsTransient)
                throw new TokenRefreshException($"Refreshing the {provider.Descriptor.Name} token of grant {grant.Id} failed {TransientRetryDelays.Length + 1} times ({result.Error}); the grant is intact, try again later.");

            // A refusal. If another process rotated the token meanwhile, the vault now holds a newer one: use it.
            var latest = Load(grant, provider);
            if (latest.Version != stored.Version && !raceRetried)
            {
                raceRetried = true;
                LogLostRace(logger, grant.Id, provider.Id);
                if (latest.Tokens.IsUsableAt(time.GetUtcNow(), skew)) return new TokenLease(latest.Tokens.AccessToken, false);
                stored = latest;
                continue;
            }
            throw Reauth(grant, provider, $"was refused by the token endpoint ({result.Error})");
        }
    }

    /// <summary>One attempt: take the grant's refresh lease (or wait for its holder), call the token endpoint, persist.</summary>
    private async ValueTask<RefreshAttempt> AttemptAsync(RefreshState state, CancellationToken cancellationToken)
    {
        var (grant, provider) = (state.Grant, state.Provider);
        if (state.Attempts++ > 0)
        {
            // A transient failure before: re-read first in case another process got through meanwhile.
            var reread = Load(grant, provider);
            if (reread.Version != state.Stored.Version && reread.Tokens.IsUsableAt(time.GetUtcNow(), skew)) return new(new TokenLease(reread.Tokens.AccessToken, false), null);
            state.Stored = reread;
        }
        string refreshToken;
        while (true)
        {
            var stored = state.Stored;
            refreshToken = stored.Tokens.RefreshToken
                ?? throw Reauth(grant, provider, provider.Descriptor.Auth.Kind == AuthKind.OAuth2 ? "expired and the provider issued no refresh token" : "was rejected by the provider");
            // Only the holder of the grant's refresh lease talks to the token endpoint; others wait for its result.
            var now = time.GetUtcNow();
            if (grants.TryLeaseRefresh(grant.Id, stored.Version, now + RefreshLeaseTime, now)) break;
            var newer = await WaitForOtherRefreshAsync(grant, provider, stored, cancellationToken).ConfigureAwait(false);
            if (newer.Version != stored.Version && newer.Tokens.IsUsableAt(time.GetUtcNow(), skew)) return new(new TokenLease(newer.Tokens.AccessToken, false), null);
            state.Stored = newer;
        }

        var version0 = state.Stored.Version;
        TokenResult result;
        try
        {
            result = await oauth.RefreshAsync(provider, refreshToken, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReleaseLease(grant.Id, version0);
            throw;
        }
        if (result.Tokens is not { } fresh)
        {
            // No new tokens: give the lease back so another process need not wait it out.
            ReleaseLease(grant.Id, version0);
            return new(null, result);
        }

        // Persist first: with rotation the old refresh token is already dead at the provider. The lease is held until
        // this write (which clears it): given back earlier, another process could take it while the vault still holds
        // the old refresh token and send that token again, which a provider with reuse detection answers by revoking
        // the whole grant (seen with three processes on one grant: two refreshes, the second with the rotated token).
        BeforePersist?.Invoke(grant.Id, version0);
        var version = grants.ReplaceTokens(grant.Id, fresh, version0);
        if (version is null)
        {
            // Another process wrote between our read and our write: theirs is at least as new; prefer a usable one.
            var theirs = Load(grant, provider);
            if (theirs.Tokens.IsUsableAt(time.GetUtcNow(), skew)) return new(new TokenLease(theirs.Tokens.AccessToken, false), null);
            version = grants.ReplaceTokens(grant.Id, fresh, theirs.Version) ?? throw new TokenRefreshException($"The vault entry of grant {grant.Id} kept changing during a refresh; try again.");
        }
        _cache[grant.Id] = new Cached(fresh, version.Value);
        LogRefreshed(logger, grant.Id, provider.Id);
        return new(new TokenLease(fresh.AccessToken, true), null);
    }

    /// <summary>Gives a refresh lease back without new tokens; a store that fails here leaves it to lapse (it is bounded).</summary>
    private void ReleaseLease(string grantId, long version)
    {
        try { grants.ReleaseRefreshLease(grantId, version); }
        catch (System.Data.Common.DbException) { } // the refresh's own outcome matters more; the lease expires by itself
    }

    /// <summary>Another process holds the refresh lease: poll the vault until its tokens change or the lease lapses.</summary>
    private async Task<Cached> WaitForOtherRefreshAsync(GrantInfo grant, ResolvedProvider provider, Cached stored, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + RefreshLeaseTime + TimeSpan.FromSeconds(1);
        LogWaitingForLease(logger, grant.Id, provider.Id);
        // Bounded twice: by the clock, and by a count of polls (a test's fake clock may stand still).
        var polls = (int)((RefreshLeaseTime + TimeSpan.FromSeconds(1)) / LeasePollInterval);
        for (var poll = 0; poll < polls && time.GetUtcNow() < deadline; poll++)
        {
            await Task.Delay(LeasePollInterval, cancellationToken).ConfigureAwait(false);
            var current = Load(grant, provider);
            if (current.Version != stored.Version) return current;
            var now = time.GetUtcNow();
            if (grants.TryLeaseRefresh(grant.Id, stored.Version, now, now))
                return current; // the lease lapsed or was released without new tokens: the caller's loop takes it and refreshes
        }
        throw new TokenRefreshException($"Another process has been refreshing the {provider.Descriptor.Name} grant {grant.Id} for too long; try again.");
    }

    private ReauthRequiredException Reauth(GrantInfo grant, ResolvedProvider provider, string why)
    {
        grants.SetStatus(grant.Id, GrantStatus.ReauthRequired);
        Forget(grant.Id);
        LogReauth(logger, grant.Id, provider.Id, why);
        var fix = provider.Descriptor.Auth.Kind == AuthKind.OAuth2
            ? $"the user must connect {provider.Descriptor.Name} again (app.Connect([\"{provider.Id}\"]) or `alter connect {provider.Id}`)"
            : $"store a valid {provider.Descriptor.Name} credential again (app.SaveCredential(\"{provider.Id}\", ...))";
        return new ReauthRequiredException($"The {provider.Descriptor.Name} grant {grant.Id} {why}: {fix}.", grant.Id, provider.Id);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Refreshed the access token of grant {GrantId} ({Provider})")]
    private static partial void LogRefreshed(ILogger logger, string grantId, string provider);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Refresh of grant {GrantId} ({Provider}) was refused but the vault holds newer tokens: another process refreshed first")]
    private static partial void LogLostRace(ILogger logger, string grantId, string provider);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Waiting for another process to finish refreshing grant {GrantId} ({Provider})")]
    private static partial void LogWaitingForLease(ILogger logger, string grantId, string provider);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Grant {GrantId} ({Provider}) needs re-authorization: it {Reason}")]
    private static partial void LogReauth(ILogger logger, string grantId, string provider, string reason);
}
