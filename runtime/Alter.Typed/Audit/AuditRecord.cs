namespace Alter.Typed;

/// <summary>One call through the credential pipeline, as the audit log keeps it. Holds no token or body.</summary>
/// <param name="At">When the call started.</param>
/// <param name="Caller">Who called: the app's name, or the agent (<c>agent agent_…</c>) when an agent key opened the app (then <c>Principal</c> is the user a delegation acts for).</param>
/// <param name="Principal">Whom the call acted for, as its <see cref="Alter.Typed.Principal.Key"/> (<see cref="Alter.Typed.Principal.FromKey"/> reads it back); null when that was never decided (a refused user token).</param>
/// <param name="Provider">The provider id.</param>
/// <param name="Operation">The provider's operation id (<c>chat.postMessage</c>), or <c>METHOD /path</c> for untyped calls.</param>
/// <param name="GrantId">The grant used, when one was resolved.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Host">The host the call went (or would have gone) to.</param>
/// <param name="Status">The provider's final HTTP status; 0 when nothing was sent.</param>
/// <param name="Outcome">
/// <c>ok</c>; <c>provider_error:&lt;code&gt;</c>; <c>denied:host_not_allowed</c>; <c>denied:invalid_user_token:&lt;reason&gt;</c>;
/// <c>denied:policy:&lt;rule&gt;</c> (<see cref="PolicyRules"/>; a call held for a human approval is
/// <c>denied:policy:approval_required</c>, one whose approval was denied <c>denied:policy:approval_denied</c>, both with
/// <see cref="ApprovalId"/>);
/// <c>error:connect_required</c>; <c>reauth_required</c>;
/// <c>denied:delegation:&lt;not_found|revoked|expired|grant_removed|needs_agent_key&gt;</c> (a call through a delegation refused);
/// <c>error:&lt;kind&gt;</c>; or, for grant events, <c>connected</c> and <c>revoked</c>.
/// </param>
/// <param name="LatencyMs">Wall time of the whole call, refreshes and retries included.</param>
/// <param name="TokenRefreshed">Whether the call refreshed the grant's access token.</param>
public sealed record AuditRecord(
    DateTimeOffset At, string Caller, string? Principal, string Provider, string Operation, string? GrantId,
    string Method, string Host, int Status, string Outcome, double LatencyMs, bool TokenRefreshed)
{
    /// <summary>The row's id in the store: increasing in the order rows were written (0 for a record not read from the store).</summary>
    public long Id { get; init; }

    /// <summary>The delegation that let an agent act for a user's grant (<c>Caller</c> the agent, <c>Principal</c> the user); null otherwise.</summary>
    public string? DelegationId { get; init; }

    /// <summary>The AI tool a model invoked for this call (its model-visible name); null when no tool was involved.</summary>
    public string? Tool { get; init; }

    /// <summary>
    /// The human approval the call needed (<c>apr_…</c>, see <see cref="AlterApprovals"/>): the one it used when it went
    /// through, or the pending one it recorded when it was held (outcome <c>denied:policy:approval_required</c>); null otherwise.
    /// </summary>
    public string? ApprovalId { get; init; }
}
