namespace Alter.Sandbox;

/// <summary>Settings for a <see cref="SandboxServer"/>. They are read once, when the server starts.</summary>
public sealed class SandboxOptions
{
    /// <summary>
    /// How long an access token stays valid when <see cref="UseRefreshTokens"/> is on; sent as <c>expires_in</c>.
    /// Default 12 hours. Tokens issued without refresh tokens do not expire by time.
    /// </summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>When on (the default), a refresh returns a new refresh token and the old one stops working.</summary>
    public bool RotateRefreshTokens { get; set; } = true;

    /// <summary>
    /// When on, a rotated refresh token presented again revokes its whole grant, as Xero, QuickBooks, Salesforce and
    /// OpenIddict do (a replay means the token leaked, or two clients raced): the grant's access and refresh tokens all
    /// stop working. Off by default (a rotated token is then only refused).
    /// </summary>
    public bool RevokeOnRefreshTokenReuse { get; set; }

    /// <summary>
    /// When on (the default), token responses carry <c>refresh_token</c> and <c>expires_in</c>.
    /// When off, they carry neither and access tokens never expire by time (GitHub OAuth apps style,
    /// and Slack without token rotation).
    /// </summary>
    public bool UseRefreshTokens { get; set; } = true;

    /// <summary>The clock used for token and code expiry, message timestamps and rate-limit resets.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
