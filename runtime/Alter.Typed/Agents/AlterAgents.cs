namespace Alter.Typed;

/// <summary>
/// The agents of one app (<c>app.Agents</c>): AI workloads with an identity and keys of their own. Opening the app with
/// an agent's key (<c>new App(agentKey)</c>) acts as that agent: its calls act for <see cref="Principal.Agent"/> and see
/// only the grants it owns. Keys are shown once and stored as hashes; a revoked key, or a deprecated one past its grace,
/// is refused with <see cref="ApiKeyException"/>, also in an app already open (within
/// <see cref="AlterOptions.ApiKeyCheckInterval"/>). Each agent has a stored access policy (<see cref="Create(string, AccessPolicy)"/>,
/// <see cref="SetPolicy"/>) enforced for its calls; one without a policy may call nothing. Administration: every member
/// needs the app's own key.
/// </summary>
public sealed class AlterAgents
{
    private readonly AlterApp _app;

    internal AlterAgents(AlterApp app) => _app = app;

    private Agents.AgentStore Store(string what)
    {
        _app.RequireAppKey(what);
        return _app.ServicesForUsers.Agents;
    }

    /// <summary>
    /// Creates an agent without an access policy and mints its first key; <see cref="CreatedAgent.Key"/> is shown this once.
    /// Until it is given a policy (<see cref="SetPolicy"/>), the agent's calls are all denied (<see cref="PolicyRules.NoRule"/>).
    /// </summary>
    /// <param name="name">A name unique within the app (1 to 100 characters).</param>
    /// <exception cref="AlterException">The name is taken or invalid.</exception>
    public CreatedAgent Create(string name)
    {
        var store = Store("Creating an agent");
        var agent = store.Create(name);
        return new CreatedAgent(agent, store.MintKey(agent));
    }

    /// <summary>
    /// Creates an agent bound to <paramref name="policy"/> and mints its first key; <see cref="CreatedAgent.Key"/> is shown
    /// this once. The policy is stored with the agent and enforced for every call of an app opened with the agent's key
    /// (<c>new App(agentKey)</c>), in addition to <see cref="AlterOptions.Policies"/>.
    /// </summary>
    /// <param name="name">A name unique within the app (1 to 100 characters).</param>
    /// <param name="policy">What the agent may do. A stored policy holds data only: one with a code condition (<see cref="AccessPolicyBuilder.When"/>) is refused.</param>
    /// <exception cref="AlterException">The name is taken or invalid.</exception>
    /// <exception cref="ArgumentException">The policy has a code condition, a time window in a zone that is not a system time zone, or a rate-limit window that is not a whole number of milliseconds.</exception>
    public CreatedAgent Create(string name, AccessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var json = Agents.StoredPolicy.Write(policy);
        var store = Store("Creating an agent");
        var agent = store.Create(name, json);
        return new CreatedAgent(agent, store.MintKey(agent));
    }

    /// <summary>
    /// Binds <paramref name="policy"/> to an agent, replacing its previous one; null removes it (the agent is then denied
    /// everything). Apps already open as the agent pick the change up on a call within <see cref="AlterOptions.ApiKeyCheckInterval"/>.
    /// </summary>
    /// <param name="agentIdOrName">The agent's id or name.</param>
    /// <param name="policy">What the agent may do; null for nothing. One with a code condition is refused.</param>
    /// <exception cref="AlterException">No such agent.</exception>
    /// <exception cref="ArgumentException">The policy cannot be stored (see <see cref="Create(string, AccessPolicy)"/>).</exception>
    public void SetPolicy(string agentIdOrName, AccessPolicy? policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentIdOrName);
        var json = policy is null ? null : Agents.StoredPolicy.Write(policy);
        var store = Store("Setting an agent's policy");
        if (!store.SetPolicy(Find(store, agentIdOrName).Id, json))
            throw new AlterException($"No agent '{agentIdOrName}' in this app (removed meanwhile?).");
    }

    /// <summary>The app's agents, oldest first.</summary>
    public IReadOnlyList<AgentInfo> List() => Store("Listing agents").List();

    /// <summary>An agent by id or name, with its keys (never their values) and the grants it owns; null when there is none.</summary>
    public AgentDetails? Show(string agentIdOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentIdOrName);
        var store = Store("Showing an agent");
        if (store.Find(agentIdOrName) is not { } agent) return null;
        var details = new AgentDetails(agent, store.Keys(agent.Id), _app.ServicesForUsers.Grants.Store.List(agent.Principal));
        if (store.ReadPolicy(agent.Id) is not { } json) return details;
        try
        {
            return details with { Policy = Agents.StoredPolicy.Read(json) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return details with { PolicyProblem = $"The stored policy cannot be read ({ex.GetType().Name}: {ex.Message}); the agent is denied everything until it is set again." };
        }
    }

    /// <summary>Mints another key for an agent (to rotate: mint, switch, then deprecate or revoke the old one).</summary>
    /// <exception cref="AlterException">No such agent.</exception>
    public MintedAgentKey MintKey(string agentIdOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentIdOrName);
        var store = Store("Minting an agent key");
        return store.MintKey(Find(store, agentIdOrName));
    }

    /// <summary>
    /// Deprecates a key: it keeps working for <paramref name="grace"/> (zero: stops now), then is refused as expired. A
    /// deprecation is never extended: deprecating again keeps the earlier end. Returns false when the app has no such
    /// unrevoked key.
    /// </summary>
    public bool DeprecateKey(string keyId, TimeSpan grace)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        return Store("Deprecating an agent key").Deprecate(keyId, grace);
    }

    /// <summary>Revokes a key at once: apps opened with it are refused from then on. Returns false when the app has no such unrevoked key.</summary>
    public bool RevokeKey(string keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        return Store("Revoking an agent key").Revoke(keyId);
    }

    /// <summary>
    /// Removes an agent: its keys are deleted (apps opened with them are refused), and its grants are removed as
    /// <see cref="AlterUsers.Remove"/> removes a principal's (revoked at their provider where it can, tokens wiped).
    /// Returns null when there is no such agent.
    /// </summary>
    public async Task<UserRemoval?> Remove(string agentIdOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentIdOrName);
        var store = Store("Removing an agent");
        if (store.Find(agentIdOrName) is not { } agent) return null;
        // Keys first: from here on no app can open as the agent, so no new grant of its appears while its grants go.
        store.Delete(agent.Id);
        return await _app.Users.Remove(agent.Principal, cancellationToken).ConfigureAwait(false);
    }

    private static AgentInfo Find(Agents.AgentStore store, string agentIdOrName)
        => store.Find(agentIdOrName) ?? throw new AlterException($"No agent '{agentIdOrName}' in this app. See `alter agents list`, or create one: `alter agents create <name>`.");
}
