namespace Alter.Sandbox.OAuth;

/// <summary>Authorization codes, grants, access and refresh tokens, in memory. Thread-safe.</summary>
internal sealed class TokenStore(TimeProvider time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (AuthorizationCode Code, DateTimeOffset ExpiresAt)> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessTokenEntry> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshTokenEntry> _refreshTokens = new(StringComparer.Ordinal);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Whether presenting a rotated refresh token again revokes its grant (<see cref="SandboxOptions.RevokeOnRefreshTokenReuse"/>).</summary>
    public bool RevokeOnReuse { get; init; }

    public void AddCode(string code, AuthorizationCode data)
    {
        lock (_gate) _codes[code] = (data, Now + CodeLifetime);
    }

    /// <summary>Takes a code out of the store (codes are single-use): null when unknown, of another provider, or expired.</summary>
    public AuthorizationCode? TakeCode(string providerId, string code)
    {
        lock (_gate)
        {
            if (!_codes.TryGetValue(code, out var entry) || entry.Code.ProviderId != providerId) return null;
            _codes.Remove(code);
            return entry.ExpiresAt > Now ? entry.Code : null;
        }
    }

    public IssuedTokens IssueGrant(string providerId, string scope, TokenPolicy policy)
    {
        lock (_gate) return IssueLocked(new Grant(providerId, scope), policy, reusedRefreshToken: null);
    }

    /// <summary>Redeems a refresh token: null when unknown, of another provider, revoked, already rotated or expired.</summary>
    public IssuedTokens? Refresh(string providerId, string refreshToken, TokenPolicy policy)
    {
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out var entry)
                || entry.Grant.ProviderId != providerId
                || entry.Grant.Revoked
                || entry.Rotated
                || entry.ExpiresAt <= Now)
            {
                if (RevokeOnReuse && entry is { Rotated: true } && entry.Grant.ProviderId == providerId) entry.Grant.Revoked = true;
                return null;
            }

            if (policy.RotateRefreshTokens)
            {
                entry.Rotated = true;
                return IssueLocked(entry.Grant, policy, reusedRefreshToken: null);
            }

            return IssueLocked(entry.Grant, policy, reusedRefreshToken: (refreshToken, entry));
        }
    }

    public AccessTokenStatus Check(string providerId, string accessToken)
    {
        lock (_gate) return StatusLocked(providerId, accessToken, out _);
    }

    /// <summary>The scopes the grant behind an access token was issued with (as the authorize request asked); none for an unknown token.</summary>
    public string[] GrantedScopes(string providerId, string accessToken)
    {
        lock (_gate) return StatusLocked(providerId, accessToken, out var entry) == AccessTokenStatus.Unknown ? [] : Scopes.Split(entry!.Grant.Scope);
    }

    /// <summary>
    /// Revokes the grant behind a valid or expired access token, or behind a live refresh token (RFC 7009 §2.1: revoking a
    /// refresh token also invalidates the access tokens of its grant); returns the status the token had.
    /// </summary>
    public AccessTokenStatus Revoke(string providerId, string token)
    {
        lock (_gate)
        {
            var status = StatusLocked(providerId, token, out var entry);
            if (entry is not null && status is AccessTokenStatus.Valid or AccessTokenStatus.Expired)
            {
                entry.Grant.Revoked = true;
                return status;
            }

            if (status == AccessTokenStatus.Unknown && _refreshTokens.TryGetValue(token, out var refresh) && refresh.Grant.ProviderId == providerId)
            {
                if (refresh.Grant.Revoked) return AccessTokenStatus.Revoked;
                if (refresh.Rotated || refresh.ExpiresAt <= Now) return AccessTokenStatus.Expired; // already unusable: nothing to revoke
                refresh.Grant.Revoked = true;
                return AccessTokenStatus.Valid;
            }

            return status;
        }
    }

    public void ExpireAccessTokens(string providerId)
    {
        lock (_gate)
        {
            foreach (var entry in _accessTokens.Values)
            {
                if (entry.Grant.ProviderId == providerId) entry.ForcedExpired = true;
            }
        }
    }

    public void RevokeAll(string providerId)
    {
        lock (_gate)
        {
            foreach (var entry in _accessTokens.Values)
            {
                if (entry.Grant.ProviderId == providerId) entry.Grant.Revoked = true;
            }

            foreach (var entry in _refreshTokens.Values)
            {
                if (entry.Grant.ProviderId == providerId) entry.Grant.Revoked = true;
            }

            foreach (var code in _codes.Where(c => c.Value.Code.ProviderId == providerId).Select(c => c.Key).ToList())
            {
                _codes.Remove(code);
            }
        }
    }

    private AccessTokenStatus StatusLocked(string providerId, string accessToken, out AccessTokenEntry? entry)
    {
        if (!_accessTokens.TryGetValue(accessToken, out entry) || entry.Grant.ProviderId != providerId)
        {
            entry = null;
            return AccessTokenStatus.Unknown;
        }

        if (entry.Grant.Revoked) return AccessTokenStatus.Revoked;
        if (entry.ForcedExpired || entry.ExpiresAt <= Now) return AccessTokenStatus.Expired;
        return AccessTokenStatus.Valid;
    }

    private IssuedTokens IssueLocked(Grant grant, TokenPolicy policy, (string Value, RefreshTokenEntry Entry)? reusedRefreshToken)
    {
        var now = Now;
        TimeSpan? lifetime = policy.UseRefreshTokens ? policy.AccessTokenLifetime : null;
        var accessToken = policy.NewAccessToken();
        _accessTokens[accessToken] = new AccessTokenEntry(grant, now + lifetime);

        if (!policy.UseRefreshTokens)
        {
            return new IssuedTokens(accessToken, null, grant.Scope, null, null);
        }

        string refreshToken;
        DateTimeOffset? refreshExpiresAt;
        if (reusedRefreshToken is var (value, entry))
        {
            refreshToken = value;
            refreshExpiresAt = entry.ExpiresAt;
        }
        else
        {
            refreshToken = policy.NewRefreshToken();
            refreshExpiresAt = now + policy.RefreshTokenLifetime;
            _refreshTokens[refreshToken] = new RefreshTokenEntry(grant, refreshExpiresAt);
        }

        return new IssuedTokens(accessToken, refreshToken, grant.Scope, lifetime, refreshExpiresAt - now);
    }

    private sealed class Grant(string providerId, string scope)
    {
        public string ProviderId { get; } = providerId;
        public string Scope { get; } = scope;
        public bool Revoked { get; set; }
    }

    private sealed class AccessTokenEntry(Grant grant, DateTimeOffset? expiresAt)
    {
        public Grant Grant { get; } = grant;
        public DateTimeOffset? ExpiresAt { get; } = expiresAt;
        public bool ForcedExpired { get; set; }
    }

    private sealed class RefreshTokenEntry(Grant grant, DateTimeOffset? expiresAt)
    {
        public Grant Grant { get; } = grant;
        public DateTimeOffset? ExpiresAt { get; } = expiresAt;
        public bool Rotated { get; set; }
    }
}
