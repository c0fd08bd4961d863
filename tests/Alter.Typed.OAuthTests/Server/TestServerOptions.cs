namespace Alter.Typed.OAuthTests.Server;

/// <summary>What a test may change about the authorization server.</summary>
internal sealed record TestServerOptions
{
    /// <summary>
    /// The client's registered redirect URIs. Loopback URIs registered without a port match any port (RFC 8252 §7.3),
    /// see <see cref="LoopbackRedirectApplicationManager{TApplication}"/>.
    /// </summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = ["http://127.0.0.1/callback"];

    /// <summary>How long access tokens live. OpenIddict's default: one hour.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);
}
