namespace Alter.Typed;

/// <summary>A provider's API location, from the <c>api</c> section of its description.</summary>
public sealed class ProviderApi
{
    /// <summary>The base URL operation paths are relative to; ends with <c>/</c>.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>
    /// The hosts a token may be sent to. A request to any other host is refused before it is sent.
    /// An entry is a host name (https only) or <c>host:port</c>.
    /// </summary>
    public required IReadOnlyList<string> AllowedHosts { get; init; }

    /// <summary>How C# property names map to JSON names: <c>snake_case</c>, <c>camelCase</c>, <c>kebab-case</c> or <c>none</c>.</summary>
    public string JsonNaming { get; init; } = "camelCase";

    /// <summary>Headers sent on every API call (for example GitHub's <c>X-GitHub-Api-Version</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
