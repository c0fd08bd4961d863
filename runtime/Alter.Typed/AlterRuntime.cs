using System.Collections.Concurrent;
using Alter.Typed.Audit;
using Alter.Typed.OAuth;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging;

namespace Alter.Typed;

/// <summary>The services one app's pipeline shares: store, vault, tokens, audit, clock, logger.</summary>
internal sealed class AlterRuntime
{
    public AlterRuntime(AppInfo app, AlterDatabase db, GrantStore grants, TokenManager tokens, AuditLog audit, TimeProvider time, ILogger logger)
    {
        (App, Database, Grants, Tokens, Audit, Time, Logger) = (app, db, grants, tokens, audit, time, logger);
        grants.Changed += InvalidateGrants;
    }

    public AppInfo App { get; }
    public AlterDatabase Database { get; }
    public GrantStore Grants { get; }
    public TokenManager Tokens { get; }
    public AuditLog Audit { get; }
    public TimeProvider Time { get; }
    public ILogger Logger { get; }

    /// <summary>
    /// How long a resolved grant is reused without reading the store. Changes made by this process are seen at once;
    /// another process's (the <c>alter</c> tool revoking a grant) within this time.
    /// </summary>
    private static readonly TimeSpan GrantCacheTime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (GrantInfo Grant, long ReadAt)> _grantCache = new(StringComparer.Ordinal);

    /// <summary>The grant a call runs under (cached briefly: this is on every call's path).</summary>
    public GrantInfo ResolveGrant(ResolvedProvider provider, string? grantId)
    {
        var key = grantId ?? "provider:" + provider.Id;
        var now = Environment.TickCount64;
        if (_grantCache.TryGetValue(key, out var hit) && now - hit.ReadAt < (long)GrantCacheTime.TotalMilliseconds)
            return hit.Grant;
        var grant = ResolveGrantFromStore(provider, grantId);
        _grantCache[key] = (grant, now);
        return grant;
    }

    /// <summary>Drops cached grants after this process changed one.</summary>
    public void InvalidateGrants()
    {
        _grantCache.Clear();
        _bound.Clear();
    }

    private readonly ConcurrentDictionary<string, ResolvedProvider> _bound = new(StringComparer.Ordinal);

    /// <summary>The provider as this grant sees it: its URLs bound to the grant's connection values (most providers have none).</summary>
    public ResolvedProvider ForGrant(ResolvedProvider provider, GrantInfo grant)
        => grant.ConnectionValues.Count == 0 && provider.IsBound
            ? provider
            : _bound.GetOrAdd(grant.Id, static (_, state) => state.provider.Bind(state.grant.ConnectionValues), (provider, grant));

    private GrantInfo ResolveGrantFromStore(ResolvedProvider provider, string? grantId)
    {
        if (grantId is not null)
        {
            var grant = Grants.Find(grantId) ?? throw new GrantNotFoundException($"No grant {grantId} in app '{App.Name}'. List them with app.ListGrants() or `alter grants list`.") { Provider = provider.Id };
            if (!string.Equals(grant.Provider, provider.Id, StringComparison.OrdinalIgnoreCase))
                throw new GrantNotFoundException($"Grant {grantId} is for {grant.Provider}, not {provider.Id}.") { Provider = provider.Id };
            return grant;
        }
        var candidates = Grants.List(provider.Id);
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
