namespace Alter.Typed;

/// <summary>
/// A user's grant lent to one agent of the same app (<see cref="AlterDelegations.Create"/>): the agent may call the
/// grant's provider for the user, through <c>WithDelegation(id)</c> on a typed client or the id in place of a grant id in
/// <see cref="AlterApp.Request(HttpMethod, string, string, HttpContent?, CancellationToken)"/>, until it expires or is
/// revoked. Every call rechecks it. Holds no secret.
/// </summary>
/// <param name="Id">The delegation id (<c>dlg_…</c>): what the agent names, and the audit rows' <c>DelegationId</c>.</param>
/// <param name="AgentId">The agent it was made to; no other agent can use it.</param>
/// <param name="User">The user who delegated (the grant's owner): the agent's calls act for this user.</param>
/// <param name="GrantId">The user's grant it lends.</param>
/// <param name="Operations">The operation globs the agent may call (<c>slack:chat.postMessage</c>, <c>slack:chat.*</c>); null for every operation its policy and the grant's scopes allow.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record Delegation(string Id, string AgentId, Principal User, string GrantId, IReadOnlyList<string>? Operations,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt)
{
    /// <summary>The agent's principal (the audit rows' caller).</summary>
    public Principal Agent => Principal.Agent(AgentId);

    /// <summary><c>active</c>, <c>expired</c> or <c>revoked</c>, at <paramref name="now"/>.</summary>
    public string StatusAt(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";

    /// <summary>Whether the delegation's operations name <paramref name="provider"/>:<paramref name="operationId"/> (always, when it names none).</summary>
    internal bool AllowsOperation(string provider, string operationId)
    {
        // Parsed per call (a handful of globs, delegated calls only): a cached field would take part in the record's equality.
        return Operations is null || Operations.Any(o => OperationGlob.Parse(o, nameof(Operations)).Matches(provider, operationId));
    }
}

/// <summary>Why a <see cref="DelegationException"/> refused a call.</summary>
public enum DelegationRefusal
{
    /// <summary>No such delegation for this agent: never made, made to another agent, or its user was removed (one answer for all three).</summary>
    NotFound,

    /// <summary>The user or the app revoked it.</summary>
    Revoked,

    /// <summary>Its expiry passed.</summary>
    Expired,

    /// <summary>The grant it lends no longer exists (revoked or removed).</summary>
    GrantRemoved,

    /// <summary>The app was opened with the app's own key: only the agent a delegation was made to uses it, with its agent key.</summary>
    NeedsAgentKey,
}

/// <summary>
/// A call through a delegation was refused before anything was sent (audited <c>denied:delegation:&lt;reason&gt;</c>). The
/// message says what to do; it names the delegation and never a token.
/// </summary>
public sealed class DelegationException(string message, string delegationId, DelegationRefusal reason) : AlterException(message)
{
    /// <summary>The delegation id the call named.</summary>
    public string DelegationId { get; } = delegationId;

    /// <summary>Why it was refused.</summary>
    public DelegationRefusal Reason { get; } = reason;
}
