using Alter.Typed.Delegations;

namespace Alter.Typed;

/// <summary>
/// Users' grants lent to agents (<c>app.Delegations</c>). A user delegates one grant they own to one agent of the app,
/// for a bounded time and optionally fewer operations; the agent then acts for the user with that grant only when it
/// names the delegation (<c>asAgent.Slack.WithDelegation(id)</c>), never by default. Every call rechecks that the
/// delegation exists, is this agent's, is neither revoked nor expired, and that the grant and its user are still there.
/// What the agent may do is the intersection of the app's policies, the delegation's operations and the grant's scopes.
/// </summary>
public sealed class AlterDelegations
{
    private readonly AlterApp _app;

    internal AlterDelegations(AlterApp app) => _app = app;

    /// <summary>
    /// Delegates <paramref name="grantId"/>, which <paramref name="user"/> owns, to an agent of this app until
    /// <paramref name="expiresIn"/> from now. For a web app acting for its signed-in user, pass that user: a grant id
    /// from the browser that is not theirs is refused as one that does not exist.
    /// </summary>
    /// <param name="user">The user delegating (a <see cref="PrincipalKind.User"/> principal): the grant's owner.</param>
    /// <param name="grantId">The user's grant to lend.</param>
    /// <param name="agentIdOrName">The agent (id <c>agent_…</c> or name).</param>
    /// <param name="expiresIn">How long it lasts: more than zero, at most <see cref="AlterOptions.MaxDelegationLifetime"/>.</param>
    /// <param name="operations">
    /// The operations the agent may call, as globs over <c>provider:operationId</c> or generated constants
    /// (<c>SlackOperations.ChatPostMessage</c>), all of the grant's provider; null for every operation (the app's policies
    /// and the grant's scopes still apply).
    /// </param>
    /// <returns>The delegation; give its <see cref="Delegation.Id"/> to the agent.</returns>
    /// <exception cref="GrantNotFoundException">No such grant, or not <paramref name="user"/>'s (the same error).</exception>
    /// <exception cref="AlterException">No such agent.</exception>
    /// <exception cref="ArgumentException">Not a user, an empty or bad operation list, or an operation of another provider.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresIn"/> is not positive or longer than the maximum.</exception>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public Delegation Create(Principal user, string grantId, string agentIdOrName, TimeSpan expiresIn, IEnumerable<string>? operations = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        ArgumentException.ThrowIfNullOrEmpty(agentIdOrName);
        _app.RequireAppKey("Delegating a grant");
        if (user.Kind != PrincipalKind.User)
            throw new ArgumentException($"Only a user delegates a grant to an agent; {user} is not a user. An agent's own grants need no delegation.", nameof(user));
        var max = _app.MaxDelegationLifetime;
        if (expiresIn <= TimeSpan.Zero || expiresIn > max)
            throw new ArgumentOutOfRangeException(nameof(expiresIn), expiresIn, $"A delegation lasts more than zero and at most {max} (AlterOptions.MaxDelegationLifetime).");
        var services = _app.ServicesForUsers;
        var agent = services.Agents.Find(agentIdOrName)
            ?? throw new AlterException($"No agent '{agentIdOrName}' in this app. See `alter agents list`, or create one: `alter agents create <name>`.");
        // One message for "no such grant" and "someone else's grant", as for calls.
        var grant = services.Grants.Store.Find(grantId, user)
            ?? throw new GrantNotFoundException($"No grant {grantId} for {user} in app '{_app.Info.Name}': a user delegates only a grant they own. List their grants with app.Users.Show(user).");
        var ops = CheckOperations(operations, grant.Provider);
        return services.Delegations.Create(agent.Id, user, grant.Id, ops, _app.Time.GetUtcNow() + expiresIn)
            ?? throw new GrantNotFoundException($"No grant {grantId} for {user} in app '{_app.Info.Name}' (removed meanwhile?), or no agent '{agentIdOrName}'.");
    }

    /// <summary>
    /// As <see cref="Create"/>, for the user whom calls act for now (<see cref="AlterOptions.PrincipalSource"/>, else the
    /// user token of <see cref="AlterOptions.UserTokenGetter"/>): the path of a web app acting for its signed-in user, which
    /// then cannot name anyone else. A grant id that is not theirs is refused as one that does not exist.
    /// </summary>
    /// <exception cref="AlterException">No user is signed in (calls would act for the app itself).</exception>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    /// <exception cref="InvalidUserTokenException">The user token was refused.</exception>
    public async Task<Delegation> CreateForSignedInUserAsync(string grantId, string agentIdOrName, TimeSpan expiresIn, IEnumerable<string>? operations = null, CancellationToken cancellationToken = default)
        => Create(await SignedInUserAsync("Delegating a grant", cancellationToken).ConfigureAwait(false), grantId, agentIdOrName, expiresIn, operations);

    /// <summary>
    /// As <see cref="Revoke(Principal, string)"/>, for the signed-in user (see <see cref="CreateForSignedInUserAsync"/>):
    /// a delegation another user made is treated as one that does not exist (false).
    /// </summary>
    /// <exception cref="AlterException">No user is signed in.</exception>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public async Task<bool> RevokeForSignedInUserAsync(string delegationId, CancellationToken cancellationToken = default)
        => Revoke(await SignedInUserAsync("Revoking a delegation", cancellationToken).ConfigureAwait(false), delegationId);

    private async Task<Principal> SignedInUserAsync(string what, CancellationToken cancellationToken)
    {
        _app.RequireAppKey(what);
        var principal = await _app.Principals.ResolveAsync(null, cancellationToken).ConfigureAwait(false);
        return principal.Kind == PrincipalKind.User ? principal
            : throw new AlterException($"{what} for the signed-in user: no user is signed in (calls act for {principal}). Set AlterOptions.PrincipalSource or UserTokenGetter, or pass the user to the overload that takes one.");
    }

    /// <summary>
    /// The delegations of this app, oldest first: all of them (<paramref name="principal"/> null), those a user made, or
    /// those an agent holds (<see cref="AgentInfo.Principal"/>). An app opened with an agent key lists only its own.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent's app asked for another principal's delegations.</exception>
    public IReadOnlyList<Delegation> List(Principal? principal = null)
    {
        var services = _app.ServicesForUsers;
        if (_app.Agent is { } agent)
        {
            _app.CheckKey();
            if (principal is not null && !principal.Equals(agent.Principal))
                throw new AgentAccessException($"This app was opened with the key of agent '{agent.Name}' ({agent.Id}): it lists only the delegations made to it.");
            return services.Delegations.List(agent.Principal);
        }
        _app.RequireAppKey("Listing delegations");
        return services.Delegations.List(principal);
    }

    /// <summary>A delegation by id (an agent's app: only one made to it); null when there is none.</summary>
    public Delegation? Get(string delegationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(delegationId);
        if (_app.Agent is { } agent)
        {
            _app.CheckKey();
            return _app.ServicesForUsers.Delegations.Find(delegationId) is { } own && own.AgentId == agent.Id ? own : null;
        }
        _app.RequireAppKey("Reading a delegation");
        return _app.ServicesForUsers.Delegations.Find(delegationId);
    }

    /// <summary>
    /// Revokes a delegation (administration: whoever made it). The agent's next call through it is refused. Returns false
    /// when there is no such unrevoked delegation.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public bool Revoke(string delegationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(delegationId);
        _app.RequireAppKey("Revoking a delegation");
        return _app.ServicesForUsers.Delegations.Revoke(delegationId, null);
    }

    /// <summary>
    /// Revokes a delegation <paramref name="user"/> made (a user's "stop"): one they did not make is treated as one that
    /// does not exist, so this is safe with an id that came from the user's browser. Returns false when there is no such
    /// unrevoked delegation of theirs.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public bool Revoke(Principal user, string delegationId)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(delegationId);
        _app.RequireAppKey("Revoking a user's delegation");
        return _app.ServicesForUsers.Delegations.Revoke(delegationId, user);
    }

    private static string[]? CheckOperations(IEnumerable<string>? operations, string provider)
    {
        if (operations is null) return null;
        var list = operations.ToArray();
        if (list.Length == 0)
            throw new ArgumentException("An empty operation list would allow nothing: pass null to allow every operation the policies and the grant's scopes allow.", nameof(operations));
        foreach (var operation in list)
        {
            var glob = OperationGlob.Parse(operation, nameof(operations));
            if (!glob.MatchesProvider(provider))
                throw new ArgumentException($"'{operation}' does not name {provider}, the delegated grant's provider.", nameof(operations));
        }
        return list;
    }
}
