using System.Text.Json.Serialization.Metadata;

namespace Alter.Typed;

/// <summary>
/// What the runtime knows about one provider: identity, auth, API hosts and error conventions.
/// Generated code builds one per <c>*.provider.json</c>; application code can also build one for an ad-hoc provider.
/// </summary>
public sealed class ProviderDescriptor
{
    /// <summary>The provider id from its description, for example <c>slack</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The display name, for example <c>Slack</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How the provider authenticates calls.</summary>
    public required ProviderAuth Auth { get; init; }

    /// <summary>Where the API lives and which hosts may receive a token.</summary>
    public required ProviderApi Api { get; init; }

    /// <summary>Values the provider's URLs need per connection (<c>{subdomain}</c> and the like); empty for most providers.</summary>
    public IReadOnlyList<ConnectionValue> ConnectionValues { get; init; } = [];

    /// <summary>How the provider reports errors (status codes, or an <c>ok</c> flag in a 200 body).</summary>
    public ProviderErrorConvention Errors { get; init; } = new();

    /// <summary>
    /// Every operation of the provider's description, as generated (set by generated code): what an untyped request is
    /// mapped through to an operation id, and what tools are listed from. Empty for an ad-hoc provider.
    /// </summary>
    public IReadOnlyList<Generated.OperationDescriptor> Operations { get; init; } = [];

    /// <summary>
    /// The System.Text.Json metadata of the provider's generated models (set by generated code). Generated for a build
    /// that trims or compiles ahead of time (or sets <c>AlterJsonMetadata</c>): typed calls then (de)serialize without
    /// reflection. Elsewhere the generator sets <see cref="Generated.JsonMetadata.ReflectionBased"/> and the models are
    /// read by reflection. <see langword="null"/> for an ad-hoc provider without generated models: its calls then need
    /// reflection-based serialization, which a trimmed or AOT app does not have.
    /// </summary>
    public IJsonTypeInfoResolver? JsonTypeInfoResolver { get; init; }
}
