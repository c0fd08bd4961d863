namespace Alter.Sandbox;

/// <summary>One Web API call the sandbox received (OAuth endpoints are not included).</summary>
/// <param name="ProviderId">The provider the call was addressed to: <c>slack</c> or <c>github</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The request path and query string, e.g. <c>/slack/api/chat.postMessage</c>.</param>
/// <param name="Authorization">The value of the <c>Authorization</c> header, or <see langword="null"/> when absent.</param>
/// <param name="StatusCode">The HTTP status code the sandbox answered.</param>
public sealed record SandboxRequest(string ProviderId, string Method, string PathAndQuery, string? Authorization, int StatusCode);
