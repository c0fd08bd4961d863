namespace Alter.Typed;

/// <summary>
/// Human approvals of calls (<c>app.Approvals</c>). A policy's <see cref="AccessPolicyBuilder.RequireApproval"/> holds each
/// call of those operations until a human approves exactly that call: the first call records a pending approval and
/// throws <see cref="ApprovalPendingException"/> (nothing is sent); once approved here, the same call (same caller,
/// principal, grant, URL, headers and body) goes through once; a call with any other argument needs its own approval.
/// Administration: every member needs the app's own key, so an agent can never approve its own calls.
/// </summary>
public sealed class AlterApprovals
{
    private readonly AlterApp _app;

    internal AlterApprovals(AlterApp app) => _app = app;

    private ApprovalFlow.ApprovalStore Store(string what)
    {
        _app.RequireAppKey(what);
        return _app.ServicesForUsers.Approvals;
    }

    /// <summary>The app's approvals as of now, newest first.</summary>
    /// <param name="status">Only those with this status (<see cref="ApprovalStatus.Pending"/>: the ones waiting for a human); null: all.</param>
    /// <param name="limit">At most this many (default 100).</param>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public IReadOnlyList<ApprovalInfo> List(ApprovalStatus? status = null, int limit = 100) => Store("Listing approvals").List(status, limit);

    /// <summary>An approval of this app by id (<c>apr_…</c>), as of now; null when there is none.</summary>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public ApprovalInfo? Get(string approvalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(approvalId);
        return Store("Reading an approval").Get(approvalId);
    }

    /// <summary>
    /// Approves a pending approval: the exact call it was recorded for may then go through once, within
    /// <see cref="AlterOptions.ApprovalUseWithin"/> (the caller makes it again, or a waiting call goes on).
    /// </summary>
    /// <param name="approvalId">The approval (<c>apr_…</c>).</param>
    /// <param name="decidedBy">Who approves (a name or e-mail for the record; 1 to 200 characters).</param>
    /// <returns>The approval, now <see cref="ApprovalStatus.Approved"/>.</returns>
    /// <exception cref="ApprovalStateException">No such approval in this app, or not pending (already decided, used, or expired).</exception>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public ApprovalInfo Approve(string approvalId, string decidedBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(approvalId);
        return Store("Approving a call").Approve(approvalId, decidedBy);
    }

    /// <summary>
    /// Denies a pending approval: the next identical call throws <see cref="ApprovalDeniedException"/> (a waiting call
    /// at once); a later one asks again.
    /// </summary>
    /// <param name="approvalId">The approval (<c>apr_…</c>).</param>
    /// <param name="decidedBy">Who denies (1 to 200 characters).</param>
    /// <param name="reason">Why, shown to the caller (up to 1000 characters); optional.</param>
    /// <returns>The approval, now <see cref="ApprovalStatus.Denied"/>.</returns>
    /// <exception cref="ApprovalStateException">No such approval in this app, or not pending (already decided, used, or expired).</exception>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public ApprovalInfo Deny(string approvalId, string decidedBy, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(approvalId);
        return Store("Denying a call").Deny(approvalId, decidedBy, reason);
    }
}
