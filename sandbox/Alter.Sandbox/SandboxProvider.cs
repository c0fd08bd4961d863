namespace Alter.Sandbox;

/// <summary>One emulated provider and the absolute URLs of its endpoints on the running sandbox.</summary>
/// <param name="Id">The provider id, e.g. <c>slack</c>.</param>
/// <param name="ClientId">The only client id the provider accepts.</param>
/// <param name="ClientSecret">The client secret that goes with <paramref name="ClientId"/>.</param>
/// <param name="AuthorizationUrl">The authorize endpoint (auto-consent).</param>
/// <param name="TokenUrl">The token endpoint (authorization code and refresh token grants).</param>
/// <param name="RevocationUrl">The revocation endpoint, in the provider's own style.</param>
/// <param name="ApiBaseUrl">The base URL of the provider's Web API, ending with a slash.</param>
/// <param name="Authority">The host and port the sandbox listens on, e.g. <c>127.0.0.1:43123</c>.</param>
/// <param name="RefreshUrl">Where refresh tokens are redeemed, for a provider that does it elsewhere than its token endpoint (Figma); else null.</param>
public sealed record SandboxProvider(
    string Id,
    string ClientId,
    string ClientSecret,
    string AuthorizationUrl,
    string TokenUrl,
    string RevocationUrl,
    string ApiBaseUrl,
    string Authority,
    string? RefreshUrl = null);
