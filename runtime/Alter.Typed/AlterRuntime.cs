using Alter.Typed.Audit;
using Alter.Typed.OAuth;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging;

namespace Alter.Typed;

/// <summary>The services one app's pipeline shares: store, vault, tokens, audit, clock, logger.</summary>
internal sealed class AlterRuntime(AppInfo app, AlterDatabase db, GrantStore grants, TokenManager tokens, AuditLog audit, TimeProvider time, ILogger logger)
{
    public AppInfo App { get; } = app;
    public AlterDatabase Database { get; } = db;
    public GrantStore Grants { get; } = grants;
    public TokenManager Tokens { get; } = tokens;
    public AuditLog Audit { get; } = audit;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;

    /// <summary>The grant a call runs under: the one named, else the app's only one for the provider.</summary>
    public GrantInfo ResolveGrant(ResolvedProvider provider, string? grantId)
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
