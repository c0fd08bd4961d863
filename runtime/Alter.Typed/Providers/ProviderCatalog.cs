namespace Alter.Typed;

/// <summary>The providers one app knows, resolved against its settings (code first, then the store's), by id and by descriptor.</summary>
internal sealed class ProviderCatalog
{
    private readonly Dictionary<string, ResolvedProvider> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ProviderDescriptor, ResolvedProvider> _byDescriptor = new(ReferenceEqualityComparer.Instance);

    public static ProviderCatalog Resolve(IReadOnlyList<ProviderDescriptor> descriptors, AlterOptions options, IReadOnlyDictionary<string, (ProviderSettings Settings, bool HasSecret)> stored)
    {
        var catalog = new ProviderCatalog();
        foreach (var descriptor in descriptors)
        {
            options.Providers.TryGetValue(descriptor.Id, out var given);
            var settings = stored.TryGetValue(descriptor.Id, out var kept) ? Merge(given, kept.Settings) : given;
            catalog._byId[descriptor.Id] = catalog._byDescriptor[descriptor] = new ResolvedProvider(descriptor, settings);
        }
        return catalog;
    }

    public IEnumerable<ResolvedProvider> All => _byId.Values;

    /// <summary>The provider of a generated client: found by reference (cheaper than hashing its id on every call).</summary>
    public ResolvedProvider Find(ProviderDescriptor descriptor)
        => _byDescriptor.TryGetValue(descriptor, out var provider) ? provider : Find(descriptor.Id);

    public ResolvedProvider Find(string id)
        => _byId.TryGetValue(id, out var provider)
            ? provider
            : throw new AlterException($"Unknown provider '{id}'. This app knows: {string.Join(", ", _byId.Keys.Order())}. Add its description (providers/<id>/<id>.provider.json) to the project.");

    /// <summary>Options given in code win over settings stored with <c>alter providers configure</c>, field by field.</summary>
    private static ProviderSettings Merge(ProviderSettings? given, ProviderSettings stored) => given is null ? stored : new ProviderSettings
    {
        ClientId = given.ClientId ?? stored.ClientId,
        ClientSecret = given.ClientSecret ?? stored.ClientSecret,
        AuthorizationUrl = given.AuthorizationUrl ?? stored.AuthorizationUrl,
        TokenUrl = given.TokenUrl ?? stored.TokenUrl,
        RefreshUrl = given.RefreshUrl ?? stored.RefreshUrl,
        RevocationUrl = given.RevocationUrl ?? stored.RevocationUrl,
        ApiBaseUrl = given.ApiBaseUrl ?? stored.ApiBaseUrl,
        AllowedHosts = given.AllowedHosts ?? stored.AllowedHosts,
        Scopes = given.Scopes ?? stored.Scopes,
    };
}
