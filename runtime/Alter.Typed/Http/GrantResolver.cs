using System.Collections.Concurrent;
using Alter.Typed.Vault;

namespace Alter.Typed.Http;

/// <summary>
/// Finds the grant a call runs under and the provider as that grant sees it. The call first decides whom it acts for
/// (<see cref="PrincipalResolver"/>); the grant must be that principal's: lookups filter by owner in SQL and the caches
/// are keyed by owner, so a grant id owned by someone else is "not found" exactly as one that does not exist, and its
/// token is never read. There is no fallback: no grant is <see cref="ConnectRequiredException"/>, several are
/// <see cref="AmbiguousGrantException"/>. Grants are cached briefly: this is on every call's path, and a call reads the
/// store at most once.
/// </summary>
internal sealed class GrantResolver : ICallContextResolver
{
    /// <summary>
    /// How long a resolved grant is reused without reading the store. Changes made by this process are seen at once;
    /// another process's (the <c>alter</c> tool revoking a grant) within this time.
    /// </summary>
    internal static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most grants both caches hold together; a write past it starts them over: with one entry per (user, provider), a
    /// web app's users would otherwise grow them without bound (expired entries are only ever overwritten, never removed).
    /// </summary>
    internal int MaxCacheWrites { get; init; } = 10_000;

    /// <summary>How many grants the caches hold now (tests check the bound).</summary>
    internal int CachedEntries => _byId.Count + _only.Count;

    private int _cacheWrites;

    private readonly ConcurrentDictionary<(Principal Owner, string GrantId), (GrantInfo Grant, long ReadAt)> _byId = new();
    private readonly ConcurrentDictionary<(Principal Owner, string Provider, string? Account), (GrantInfo Grant, long ReadAt)> _only = new();
    private readonly ConcurrentDictionary<string, ResolvedProvider> _bound = new(StringComparer.Ordinal);
    private readonly Func<string, Principal, Uri?>? _connectUrl;
    private readonly TimeProvider _time;

    public GrantResolver(AppInfo app, GrantStore store, PrincipalResolver principals, TimeProvider time, Func<string, Principal, Uri?>? connectUrl = null)
    {
        (App, Store, Principals, _time, _connectUrl) = (app, store, principals, time, connectUrl);
        Caller = app.Name;
        store.Changed += Invalidate;
    }

    public AppInfo App { get; }

    /// <summary>The audit rows' caller: the app's name, or the agent whose key opened the app.</summary>
    public string Caller { get; init; }

    public GrantStore Store { get; }

    public PrincipalResolver Principals { get; }

    /// <summary>The app's delegations (a user's grant lent to an agent), rechecked on every call that names one.</summary>
    public Delegations.DelegationStore? Delegations { get; init; }

    /// <summary>
    /// Decides whom the call acts for, then resolves its grant (once: a context already resolved is left as it is).
    /// Completes synchronously, without allocating, unless a principal source or user token has to be awaited.
    /// </summary>
    public ValueTask ResolveAsync(CallContext context, CancellationToken cancellationToken)
    {
        if (context.IsResolved) return default;
        if (context.DelegationId is { } delegationId) // WithDelegation: the delegation decides both the principal and the grant
        {
            ResolveDelegated(context, delegationId);
            return default;
        }
        if (Principals.Agent is { } agent) // an agent key: the agent, whatever the client or the options name
        {
            var named = context.Principal;
            context.SetPrincipal(agent); // audited as the agent's even when refused: it is who asked
            ResolveGrant(context, Principals.Named(named ?? agent));
            return default;
        }
        if (context.Principal is { } decided) // the client's ForUser
        {
            ResolveGrant(context, decided);
            return default;
        }
        var deciding = Principals.ResolveAsync(null, cancellationToken);
        if (!deciding.IsCompletedSuccessfully) return ResolveSlowAsync(context, deciding);
        ResolveGrant(context, deciding.Result);
        return default;
    }

    /// <summary>
    /// A call through a delegation: checked afresh (never cached), then acting for the delegation's user under its grant,
    /// which must be the one the client named, if it named one, and of the client's provider.
    /// </summary>
    private void ResolveDelegated(CallContext context, string delegationId)
    {
        var named = context.Principal;
        var agent = Principals.Agent;
        if (agent is not null)
        {
            context.SetPrincipal(agent); // audited as the agent's when refused: it is who asked
            Principals.Named(agent);     // an agent key with a principal source or user token configured is refused, as without a delegation
        }
        var (delegation, grant) = CheckDelegation(delegationId, context.AtOr(_time));
        if (named is not null && !named.Equals(delegation.User) && !named.Equals(agent))
            throw new AgentAccessException($"Delegation {delegation.Id} acts for {delegation.User}; this client names {named} (ForUser). Drop ForUser: the delegation decides whom the call acts for.");
        var provider = context.ResolvedProvider;
        if (!string.Equals(grant.Provider, provider.Id, StringComparison.OrdinalIgnoreCase))
            throw new GrantNotFoundException($"Delegation {delegation.Id} lends a {grant.Provider} grant, not a {provider.Descriptor.Name} one: use it with that provider's client.") { Provider = provider.Id };
        if (context.RequestedGrantId is { } requested && !string.Equals(requested, grant.Id, StringComparison.Ordinal))
            throw new GrantNotFoundException($"Delegation {delegation.Id} lends grant {grant.Id}, not {requested}: drop WithGrant, the delegation names its grant.") { Provider = provider.Id };
        if (context.RequestedAccount is { } account && !string.Equals(account, grant.Account, StringComparison.Ordinal))
            throw new GrantNotFoundException($"Delegation {delegation.Id} lends the {provider.Descriptor.Name} account {grant.Account ?? "(none)"}, not {account}.") { Provider = provider.Id };
        context.Delegation = delegation;
        context.Resolve(delegation.User, grant, ForGrant(provider, grant));
    }

    /// <summary>
    /// Rechecks a delegation for a call, from the store (never a cache): it exists in this app, was made to the agent
    /// whose key opened the app, is neither revoked nor expired at <paramref name="now"/>, and its grant is still its
    /// user's. Another agent's delegation is refused exactly as one that does not exist.
    /// </summary>
    /// <exception cref="DelegationException">Refused; the message says what to do.</exception>
    public (Delegation Delegation, GrantInfo Grant) CheckDelegation(string delegationId, DateTimeOffset now)
    {
        if (Principals.Agent is not { } agent || Delegations is null)
            throw new DelegationException($"Delegation {delegationId} can only be used by the agent it was made to: open the app with that agent's key (new App(agentKey)). The app's own key acts for users with ForUser and their own grants.", delegationId, DelegationRefusal.NeedsAgentKey);
        var delegation = Delegations.Find(delegationId);
        if (delegation is null || !string.Equals(delegation.AgentId, agent.Subject, StringComparison.Ordinal))
            throw new DelegationException($"No delegation {delegationId} for {agent} in app '{App.Name}' (never made, made to another agent, or its user was removed). Ask the user to delegate a grant to this agent (app.Delegations.Create; `alter delegations list` shows the current ones), then use the id it returns.", delegationId, DelegationRefusal.NotFound);
        if (delegation.RevokedAt is { } revoked)
            throw new DelegationException($"Delegation {delegationId} ({delegation.User}'s grant {delegation.GrantId}) was revoked at {revoked:u}. Ask the user to delegate it again if the agent still needs it.", delegationId, DelegationRefusal.Revoked);
        if (delegation.ExpiresAt <= now)
            throw new DelegationException($"Delegation {delegationId} ({delegation.User}'s grant {delegation.GrantId}) expired at {delegation.ExpiresAt:u}. Ask the user for a new delegation (at most AlterOptions.MaxDelegationLifetime).", delegationId, DelegationRefusal.Expired);
        var grant = Store.Find(delegation.GrantId, delegation.User)
            ?? throw new DelegationException($"The grant {delegation.GrantId} that delegation {delegationId} lends no longer exists (revoked or removed). Ask the user to connect again and delegate the new grant.", delegationId, DelegationRefusal.GrantRemoved);
        return (delegation, grant);
    }

    private async ValueTask ResolveSlowAsync(CallContext context, ValueTask<Principal> deciding)
        => ResolveGrant(context, await deciding.ConfigureAwait(false));

    private void ResolveGrant(CallContext context, Principal principal)
    {
        context.SetPrincipal(principal); // audited even when no grant is found
        var grant = Resolve(context.ResolvedProvider, principal, context.RequestedGrantId, context.RequestedAccount, context.TimestampOr(_time));
        context.Resolve(principal, grant, ForGrant(context.ResolvedProvider, grant));
    }

    /// <summary>The grant a call acting for <paramref name="owner"/> runs under: the one named, or the owner's only grant for the provider (and account).</summary>
    public GrantInfo Resolve(ResolvedProvider provider, Principal owner, string? grantId, string? account = null)
        => Resolve(provider, owner, grantId, account, _time.GetTimestamp());

    private GrantInfo Resolve(ResolvedProvider provider, Principal owner, string? grantId, string? account, long now)
    {
        if (grantId is not null)
        {
            GrantInfo grant;
            try { grant = Find(owner, grantId, now); }
            catch (GrantNotFoundException e) { throw new GrantNotFoundException(e.Message) { Provider = provider.Id }; }
            // Only the owner gets this far: telling them which provider or account their own grant is for reveals nothing.
            if (!string.Equals(grant.Provider, provider.Id, StringComparison.OrdinalIgnoreCase))
                throw new GrantNotFoundException($"Grant {grantId} is for {grant.Provider}, not {provider.Id}.") { Provider = provider.Id };
            if (account is not null && !string.Equals(grant.Account, account, StringComparison.Ordinal))
                throw new GrantNotFoundException($"Grant {grantId} is for the {provider.Descriptor.Name} account {grant.Account ?? "(none)"}, not {account}.") { Provider = provider.Id };
            return grant;
        }
        var key = (owner, provider.Id, account);
        if (_only.TryGetValue(key, out var hit) && _time.GetElapsedTime(hit.ReadAt, now) < CacheTime)
            return hit.Grant;
        var only = OnlyGrant(provider, owner, account);
        CountWrite();
        _only[key] = (only, now);
        return only;
    }

    /// <summary>A grant by id that <paramref name="owner"/> owns, whatever its provider (the untyped <c>Request</c>): cached like the others.</summary>
    public GrantInfo Find(Principal owner, string grantId) => Find(owner, grantId, _time.GetTimestamp());

    private GrantInfo Find(Principal owner, string grantId, long now)
    {
        var key = (owner, grantId);
        if (_byId.TryGetValue(key, out var hit) && _time.GetElapsedTime(hit.ReadAt, now) < CacheTime)
            return hit.Grant;
        // One message for "no such grant" and "someone else's grant": the caller cannot tell them apart.
        var grant = Store.Find(grantId, owner) ?? throw new GrantNotFoundException($"No grant {grantId} for {owner} in app '{App.Name}'. List a principal's grants with app.Users.Show(principal) or `alter users show`.");
        CountWrite();
        _byId[key] = (grant, now);
        return grant;
    }

    /// <summary>
    /// Counts a cache write (a store read happened anyway): the write past <see cref="MaxCacheWrites"/> starts the caches
    /// over, so they never hold more than that many grants.
    /// </summary>
    private void CountWrite()
    {
        if (Interlocked.Increment(ref _cacheWrites) <= MaxCacheWrites) return;
        Invalidate();
        Interlocked.Increment(ref _cacheWrites); // this write, into the emptied caches
    }

    /// <summary>Drops cached grants after this process changed one.</summary>
    public void Invalidate()
    {
        Volatile.Write(ref _cacheWrites, 0);
        _byId.Clear();
        _only.Clear();
        _bound.Clear();
    }

    /// <summary>The provider as this grant sees it: its URLs bound to the grant's connection values (most providers have none).</summary>
    public ResolvedProvider ForGrant(ResolvedProvider provider, GrantInfo grant)
        => grant.ConnectionValues.Count == 0 && provider.IsBound
            ? provider
            : _bound.GetOrAdd(grant.Id, static (_, state) => state.provider.Bind(state.grant.ConnectionValues), (provider, grant));

    private GrantInfo OnlyGrant(ResolvedProvider provider, Principal owner, string? account)
    {
        var candidates = Store.List(owner, provider.Id, account);
        var name = provider.Descriptor.Name;
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new ConnectRequiredException(
                $"{owner} has no {name} grant{(account is null ? "" : $" for the account {account}")} in app '{App.Name}': they must connect {name} first{(owner.Kind == PrincipalKind.App ? $" (await app.Connect([\"{provider.Id}\"]) or `alter connect {provider.Id}`)" : "")}.",
                provider.Id, owner, account, _connectUrl?.Invoke(provider.Id, owner)),
            _ => throw new AmbiguousGrantException(
                $"{owner} has {candidates.Count} {name} grants in app '{App.Name}' (accounts: {string.Join(", ", candidates.Select(g => g.Account ?? g.Id))}): choose one with .WithAccount(account) or .WithGrant(id).",
                provider.Id, owner, [.. candidates.Select(g => g.Account)], [.. candidates.Select(g => g.Id)]),
        };
    }
}
