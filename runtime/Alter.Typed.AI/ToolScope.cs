namespace Alter.Typed.AI;

/// <summary>
/// Whom an app's AI tools act for and under which grants: decided by the application, never by the model. No tool has a
/// grant, user or principal argument; a model can only fill in the operation's own arguments.
/// </summary>
public sealed class ToolScope
{
    /// <summary>
    /// The principal the tools' calls act for (a signed-in user, say); <see langword="null"/> lets the app decide as for
    /// any typed call: an agent's app acts for its agent, otherwise the options' principal source or the app itself.
    /// </summary>
    public Principal? Principal { get; init; }

    /// <summary>
    /// The grant to use per provider id (<c>["slack"] = grantId</c>); a provider not listed uses the principal's only
    /// grant for it (none or several fail the call, as a typed call would).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Grants { get; init; }

    /// <summary>
    /// A delegation made to the agent whose key opened the app (<c>dlg_…</c>): the tools act for the user who made it,
    /// under its grant, and only the operations of that grant's provider that the delegation allows and the grant's
    /// scopes cover become tools. <see cref="AlterTools.Tools"/> throws <see cref="DelegationException"/> when the
    /// delegation cannot be used now (another agent's, revoked, expired); each call checks it again. Leave
    /// <see cref="Grants"/> unset with it (the delegation names its grant); set <see cref="Principal"/> to the user the
    /// host acts for (its signed-in user) when the delegation id comes from a request: a delegation of any other user is
    /// then refused (<see cref="AgentAccessException"/>), when the tools are listed and on every call.
    /// </summary>
    public string? Delegation { get; init; }

    /// <summary>Only these providers' operations become tools (ids, ordinal); <see langword="null"/> for every provider of the app.</summary>
    public IReadOnlyCollection<string>? Providers { get; init; }

    /// <summary>
    /// Only operations whose policy id (<c>slack:chat.postMessage</c>) this predicate accepts become tools, within what
    /// the app's policies allow (it can narrow, never widen); <see langword="null"/> for all of them.
    /// </summary>
    public Func<string, bool>? Operations { get; init; }
}
