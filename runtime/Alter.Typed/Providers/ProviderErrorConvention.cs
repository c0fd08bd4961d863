namespace Alter.Typed;

/// <summary>How a provider signals failure, from the <c>errors</c> section of its description.</summary>
public sealed class ProviderErrorConvention
{
    /// <summary>
    /// A boolean property of the JSON body that is <c>false</c> on failure even with HTTP 200
    /// (Slack's <c>ok</c>); <see langword="null"/> when status codes alone tell.
    /// </summary>
    public string? OkProperty { get; init; }

    /// <summary>
    /// The property holding the provider's error code or message (Slack's <c>error</c>, GitHub's <c>message</c>), or a dotted
    /// path into nested objects (Google's <c>error.status</c>, Microsoft Graph's <c>error.code</c>); numbers are read as their text.
    /// </summary>
    public string? CodeProperty { get; init; }

    /// <summary>Error codes meaning the token is expired, revoked or invalid: refresh once, then re-connect.</summary>
    public IReadOnlyList<string> ReauthCodes { get; init; } = [];

    /// <summary>HTTP status codes meaning the token is expired or invalid (usually 401).</summary>
    public IReadOnlyList<int> ReauthStatus { get; init; } = [401];
}
