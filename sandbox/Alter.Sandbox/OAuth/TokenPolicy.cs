namespace Alter.Sandbox.OAuth;

/// <summary>How one provider mints and times its tokens.</summary>
internal sealed record TokenPolicy(
    Func<string> NewAccessToken,
    Func<string> NewRefreshToken,
    bool UseRefreshTokens,
    bool RotateRefreshTokens,
    TimeSpan AccessTokenLifetime,
    TimeSpan? RefreshTokenLifetime);

/// <summary>What a successful token request hands out.</summary>
/// <param name="AccessToken">The new access token.</param>
/// <param name="RefreshToken">The refresh token, or null when refresh tokens are off.</param>
/// <param name="Scope">The granted scopes, comma-separated.</param>
/// <param name="ExpiresIn">The access token lifetime, or null when it does not expire.</param>
/// <param name="RefreshTokenExpiresIn">The refresh token's remaining lifetime, or null when it does not expire.</param>
internal sealed record IssuedTokens(string AccessToken, string? RefreshToken, string Scope, TimeSpan? ExpiresIn, TimeSpan? RefreshTokenExpiresIn);

/// <summary>What the authorize endpoint remembered about a code.</summary>
internal sealed record AuthorizationCode(string ProviderId, string ClientId, string RedirectUri, string? CodeChallenge, string Scope, string? UserScope = null);

/// <summary>How an access token presented to an API answers.</summary>
internal enum AccessTokenStatus
{
    Valid,
    Unknown,
    Expired,
    Revoked,
}
