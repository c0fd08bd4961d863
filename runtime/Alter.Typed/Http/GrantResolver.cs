using System.Collections.Concurrent;
using Alter.Typed.Vault;

namespace Alter.Typed.Http;

/// <summary>
/// Finds the grant a call runs under and the provider as that grant sees it. Grants are cached briefly: this is on every
/// call's path, and a call reads the store at most once.
/// </summary>
internal sealed class GrantResolver : ICallContextResolver
{
    /// <summary>
    /// How long a resolved grant is reused without reading the store. Changes made by this process are seen at once;
    /// another process's (the <c>alter</c> tool revoking a grant) within this time.
    /// </summary>
    internal static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (GrantInfo Grant, long ReadAt)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (GrantInfo Grant, long ReadAt)> _onlyGrant = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ResolvedProvider> _bound = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public GrantResolver(AppInfo app, GrantStore store, TimeProvider time)
    {
        (App, Store, _time) = (app, store, time);
        store.Changed += Invalidate;
    }

    public AppInfo App { get; }

    public GrantStore Store { get; }

    /// <summary>Resolves the context's grant (once: a context already resolved is left as it is).</summary>
    public void Resolve(CallContext context)
    {
        if (context.IsResolved) return;
        var grant = Resolve(context.ResolvedProvider, context.RequestedGrantId, context.TimestampOr(_time));
        context.Resolve(grant, ForGrant(context.ResolvedProvider, grant));
    }

    /// <summary>The grant a call runs under: the one named, or the app's only grant for the provider.</summary>
    public GrantInfo Resolve(ResolvedProvider provider, string? grantId) => Resolve(provider, grantId, _time.GetTimestamp());

    private GrantInfo Resolve(ResolvedProvider provider, string? grantId, long now)
    {
        if (grantId is not null)
        {
            GrantInfo grant;
            try { grant = Find(grantId, now); }
            catch (GrantNotFoundException e) { throw new GrantNotFoundException(e.Message) { Provider = provider.Id }; }
            if (!string.Equals(grant.Provider, provider.Id, StringComparison.OrdinalIgnoreCase))
                throw new GrantNotFoundException($"Grant {grantId} is for {grant.Provider}, not {provider.Id}.") { Provider = provider.Id };
            return grant;
        }
        // Keyed by the provider id itself in a cache of its own: no key string built per call.
        if (_onlyGrant.TryGetValue(provider.Id, out var hit) && _time.GetElapsedTime(hit.ReadAt, now) < CacheTime)
            return hit.Grant;
        var only = OnlyGrant(provider);
        _onlyGrant[provider.Id] = (only, now);
        return only;
    }

    /// <summary>A grant by id, whatever its provider (the untyped <c>Request</c>): cached like the others.</summary>
    public GrantInfo Find(string grantId) => Find(grantId, _time.GetTimestamp());

    private GrantInfo Find(string grantId, long now)
    {
        if (_cache.TryGetValue(grantId, out var hit) && _time.GetElapsedTime(hit.ReadAt, now) < CacheTime)
            return hit.Grant;
        var grant = Store.Find(grantId) ?? throw new GrantNotFoundException($"No grant {grantId} in app '{App.Name}'. List them with app.ListGrants() or `alter grants list`.");
        _cache[grantId] = (grant, now);
        return grant;
    }

    /// <summary>Drops cached grants after this process changed one.</summary>
    public void Invalidate()
    {
        _cache.Clear();
        _onlyGrant.Clear();
        _bound.Clear();
    }

    /// <summary>The provider as this grant sees it: its URLs bound to the grant's connection values (most providers have none).</summary>
    public ResolvedProvider ForGrant(ResolvedProvider provider, GrantInfo grant)
        => grant.ConnectionValues.Count == 0 && provider.IsBound
            ? provider
            : _bound.GetOrAdd(grant.Id, static (_, state) => state.provider.Bind(state.grant.ConnectionValues), (provider, grant));

    private GrantInfo OnlyGrant(ResolvedProvider provider)
    {
        var candidates = Store.List(provider.Id);
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new GrantNotFoundException($"App '{App.Name}' has no {provider.Descriptor.Name} grant. Connect one first: await app.Connect([\"{provider.Id}\"]) or `alter connect {provider.Id}`.") { Provider = provider.Id },
            _ => throw new AmbiguousGrantException(
                $"App '{App.Name}' has {candidates.Count} {provider.Descriptor.Name} grants ({string.Join(", ", candidates.Select(g => $"{g.Id} for {g.Principal}"))}): choose one with .WithGrant(id).",
                [.. candidates.Select(g => g.Id)]),
        };
    }
}
