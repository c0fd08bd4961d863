using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Alter.Typed;

/// <summary>A provider's description merged with this app's settings: what calls actually use.</summary>
internal sealed class ResolvedProvider
{
    private readonly Uri? _apiBaseUri;
    private readonly ProviderSettings? _settings;

    public ResolvedProvider(ProviderDescriptor descriptor, ProviderSettings? settings, IReadOnlyDictionary<string, string>? connection = null)
    {
        Descriptor = descriptor;
        _settings = settings;
        Connection = connection ?? new Dictionary<string, string>();
        string? Bind(string? url) => url is null ? null : ConnectionValues.Substitute(url, Connection);
        var envPrefix = "ALTER_" + descriptor.Id.ToUpperInvariant().Replace('-', '_');
        ClientId = settings?.ClientId ?? Environment.GetEnvironmentVariable(envPrefix + "_CLIENT_ID");
        ClientSecret = settings?.ClientSecret ?? Environment.GetEnvironmentVariable(envPrefix + "_CLIENT_SECRET");
        AuthorizationUrl = Bind(settings?.AuthorizationUrl ?? descriptor.Auth.AuthorizationUrl);
        TokenUrl = Bind(settings?.TokenUrl ?? descriptor.Auth.TokenUrl);
        // An overridden token URL (a proxy, the sandbox) without its own refresh URL takes the refreshes too.
        RefreshUrl = Bind(settings?.RefreshUrl ?? (settings?.TokenUrl is not null ? null : descriptor.Auth.RefreshUrl)) ?? TokenUrl;
        RevocationUrl = Bind(settings?.RevocationUrl ?? descriptor.Auth.RevocationUrl);
        Scopes = settings?.Scopes ?? descriptor.Auth.DefaultScopes;
        var baseUrl = Bind(settings?.ApiBaseUrl ?? descriptor.Api.BaseUrl)!;
        IsBound = !ConnectionValues.HasPlaceholder(baseUrl);
        _apiBaseUri = IsBound ? new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute) : null;
        Hosts = new HostPolicy(IsBound ? [.. (settings?.AllowedHosts ?? descriptor.Api.AllowedHosts).Select(h => Bind(h)!)] : []);
        Json = CreateJsonOptions(descriptor.Api.JsonNaming, descriptor.JsonTypeInfoResolver);
        Placement = descriptor.Auth.Kind == AuthKind.Basic && descriptor.Auth.Token == TokenPlacement.BearerHeader
            ? new TokenPlacement("header", "Authorization", "Basic ")
            : descriptor.Auth.Token;
    }

    public ProviderDescriptor Descriptor { get; }
    public string Id => Descriptor.Id;
    public string? ClientId { get; }
    public string? ClientSecret { get; }
    public string? AuthorizationUrl { get; }
    public string? TokenUrl { get; }
    /// <summary>Where refresh tokens go: the description's or settings' refresh URL, else the token URL.</summary>
    public string? RefreshUrl { get; }
    public string? RevocationUrl { get; }
    public IReadOnlyList<string> Scopes { get; }
    /// <summary>The API base URL; for a provider with per-connection values, only once bound to a grant's values.</summary>
    public Uri ApiBaseUri => _apiBaseUri ?? throw new AlterException(
        $"{Descriptor.Name}'s URLs need per-connection values ({string.Join(", ", Descriptor.ConnectionValues.Select(v => v.Name))}): call it under a grant connected with them.");

    /// <summary>False for a provider whose URLs still hold <c>{placeholders}</c>: it must be bound to a grant's connection values.</summary>
    public bool IsBound { get; }

    /// <summary>The per-connection values this instance is bound to.</summary>
    public IReadOnlyDictionary<string, string> Connection { get; }

    /// <summary>This provider with a grant's connection values substituted into its URLs and hosts.</summary>
    public ResolvedProvider Bind(IReadOnlyDictionary<string, string> connection) => new(Descriptor, _settings, connection);
    public HostPolicy Hosts { get; }
    /// <summary>The provider's serializer options: its naming policy, and its generated metadata as the type resolver.</summary>
    public JsonSerializerOptions Json { get; }

    /// <summary>Where the credential goes on API calls (basic-auth providers default to <c>Authorization: Basic</c>).</summary>
    public TokenPlacement Placement { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<OperationDescriptor, Uri> _operationUris = new(ReferenceEqualityComparer.Instance);

    /// <summary>The absolute URI of an operation without path or query values (cached: parsing a Uri per call is measurable).</summary>
    public Uri OperationUri(OperationDescriptor operation)
        => _operationUris.GetOrAdd(operation, static (op, baseUri) =>
        {
            if (op.PathTemplate.Contains('{'))
                throw new ArgumentException($"Operation {op.Id} needs values for the path parameters in '{op.PathTemplate}'.");
            return new Uri(baseUri, op.PathTemplate.TrimStart('/'));
        }, ApiBaseUri);

    private static JsonSerializerOptions CreateJsonOptions(string naming, IJsonTypeInfoResolver? generated)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = naming switch
            {
                "snake_case" => JsonNamingPolicy.SnakeCaseLower,
                "kebab-case" => JsonNamingPolicy.KebabCaseLower,
                "camelCase" => JsonNamingPolicy.CamelCase,
                _ => null,
            },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = Resolvers(generated, JsonSerializer.IsReflectionEnabledByDefault),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Generated metadata first, the scalars behind it: every type a typed call (de)serializes is answered there.
    /// Reflection last, only for what nothing generated describes (the untyped Request escape hatch's arbitrary objects,
    /// an ad-hoc provider without generated models), and only where the app allows it: trimmed and Native AOT apps turn it
    /// off. A provider generated without metadata (<see cref="Generated.JsonMetadata.ReflectionBased"/>) is read by
    /// reflection, or, where reflection is off, ends its chain with that resolver, whose error says how to generate the metadata.
    /// </summary>
    internal static IJsonTypeInfoResolver Resolvers(IJsonTypeInfoResolver? generated, bool reflectionEnabled)
        => generated is ReflectionBasedModels
            ? reflectionEnabled
                ? JsonTypeInfoResolver.Combine(ScalarJsonContext.Default, ReflectionResolver())
                : JsonTypeInfoResolver.Combine(ScalarJsonContext.Default, generated)
            : reflectionEnabled
                ? JsonTypeInfoResolver.Combine(generated, ScalarJsonContext.Default, ReflectionResolver())
                : JsonTypeInfoResolver.Combine(generated, ScalarJsonContext.Default);

    // Reached only while JsonSerializer.IsReflectionEnabledByDefault holds: trimmed and Native AOT apps set that feature
    // switch to false, and the trimmer then removes this branch.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    private static DefaultJsonTypeInfoResolver ReflectionResolver() => new();
}
