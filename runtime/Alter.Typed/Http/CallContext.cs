using Alter.Typed.Audit;

namespace Alter.Typed.Http;

/// <summary>
/// One call through the pipeline, resolved once: the app, the caller, the grant and its principal, the provider bound to
/// the grant's connection values, the operation. It travels in <see cref="HttpRequestMessage.Options"/> under
/// <see cref="AlterPipeline.Context"/>; the handlers read it there, so none needs a request subclass. Policies
/// (<see cref="ICallPolicy"/>) see it before anything is sent. It never holds a token.
/// </summary>
public sealed class CallContext
{
    internal CallContext(AppInfo app, ResolvedProvider provider, string? grantId, string operation, bool typed, Principal? principal = null, string? account = null, string? caller = null)
    {
        App = app;
        Caller = caller ?? app.Name;
        ResolvedProvider = provider;
        RequestedGrantId = grantId;
        Operation = operation;
        IsTypedOperation = typed;
        // A principal the client names is already decided: nothing else is asked (and no field of its own per call).
        Principal = principal;
        RequestedAccount = account;
    }

    /// <summary>The app making the call.</summary>
    public AppInfo App { get; }

    /// <summary>Who calls (the audit row's caller): the app's name, or the agent (<c>agent agent_…</c>) when an agent key opened the app.</summary>
    public string Caller { get; }

    /// <summary>The provider called.</summary>
    public ProviderDescriptor Provider => ResolvedProvider.Descriptor;

    /// <summary>The operation: the provider's operation id (<c>chat.postMessage</c>), or <c>METHOD /path</c> for an untyped request.</summary>
    public string Operation { get; }

    /// <summary>
    /// Whether <see cref="Operation"/> is one of the provider's described operations: true for a typed call, and for an
    /// untyped <see cref="AlterApp.Request(HttpMethod, string, string, HttpContent?, CancellationToken)"/> whose method and
    /// URL map to exactly one described operation; false for one that maps to none (a policy then denies it).
    /// </summary>
    public bool IsTypedOperation { get; }

    /// <summary>
    /// The scopes the provider's description says <see cref="Operation"/> needs (as written there); empty: it needs none;
    /// null: the description does not say, or the call is not a described operation.
    /// </summary>
    public IReadOnlyList<string>? OperationScopes { get; internal init; }

    /// <summary>The grant the call runs under, once resolved (before any policy runs); null only when resolution failed.</summary>
    public GrantInfo? Grant { get; private set; }

    /// <summary>
    /// Whom the call acts for, decided once before its grant is looked up (the client's <c>ForUser</c>, the options'
    /// principal source or user token, else the app); the grant is always one this principal owns. Null only when that
    /// decision failed (a refused user token).
    /// </summary>
    public Principal? Principal { get; private set; }

    /// <summary>The provider-side account of the grant (Slack: <c>T…/U…</c>), once resolved.</summary>
    public string? Account => Grant?.Account;

    /// <summary>The scopes the grant holds.</summary>
    public IReadOnlyList<string> Scopes => Grant?.Scopes ?? [];

    /// <summary>The grant's connection values (a subdomain, a tenant); empty for most providers.</summary>
    public IReadOnlyDictionary<string, string> ConnectionValues => Grant?.ConnectionValues ?? Empty;

    /// <summary>The grant id the caller asked for; null means "the principal's only grant for this provider (and account)".</summary>
    internal string? RequestedGrantId { get; }

    /// <summary>The provider-side account the client named (<c>WithAccount</c>), choosing among the principal's grants.</summary>
    internal string? RequestedAccount { get; }

    /// <summary>The provider as the call uses it: bound to the grant's connection values once the grant is known.</summary>
    internal ResolvedProvider ResolvedProvider { get; private set; }

    /// <summary>The delegation that lets the calling agent use a user's grant (the audit row's <c>delegation_id</c>); null otherwise.</summary>
    internal string? DelegationId { get; set; }

    /// <summary>The delegation the call runs through, once checked (<see cref="DelegationId"/> names it before); null otherwise.</summary>
    internal Delegation? Delegation { get; set; }

    /// <summary>The AI tool a model invoked for this call (the audit row's <c>tool</c>); set by the runtime only, never from model arguments.</summary>
    internal string? Tool { get; set; }

    /// <summary>The human approval the call used, or the pending one it recorded (the audit row's <c>approval_id</c>); null otherwise.</summary>
    internal string? ApprovalId { get; set; }

    /// <summary>
    /// The name of the policy that wants a human approval of this call (set by <see cref="AccessPolicyEnforcer"/>); the
    /// policy handler's approval gate acts on it once every policy has passed.
    /// </summary>
    internal string? ApprovalRequiredBy { get; set; }

    /// <summary>
    /// Whether an approval gate runs after the policies (the pipeline's policy handler sets it). Without one, a policy
    /// denies a call needing approval outright: it is never let through unapproved.
    /// </summary>
    internal bool ApprovalGateAvailable { get; set; }

    /// <summary>Whether the call refreshed the grant's access token (set by the credential handler, read by the audit).</summary>
    internal bool Refreshed { get; set; }

    /// <summary>The last HTTP status the provider gave when the call failed after a send (a rejected token); 0 when none.</summary>
    internal int FailedStatus { get; set; }

    /// <summary>
    /// The provider's verdict on the answer, computed once by the credential handler from one read of the body; null
    /// until then (and when the call failed before an answer).
    /// </summary>
    internal ProviderVerdict.Verdict? Verdict { get; set; }

    /// <summary>Redirects followed within the provider's hosts (each one is audited); null when none.</summary>
    internal List<(Uri From, Uri To, int Status)>? Redirects { get; set; }

    internal bool IsResolved => Grant is not null;

    /// <summary>
    /// The options' clock, read once when the call entered the pipeline (<see cref="AuditHandler"/> sets both): the steps
    /// that only need "now" for a cache age or an expiry reuse it rather than reading the clock again (each read of
    /// the system clock costs about 25 ns; benchmarks/Alter.Benchmarks, PipelineParts). 0 when not set.
    /// </summary>
    internal long Timestamp { get; set; }

    /// <summary>The wall-clock time the call entered the pipeline (the audit row's time); default when not set.</summary>
    internal DateTimeOffset At { get; set; }

    /// <summary><see cref="Timestamp"/>, or a fresh reading when the call did not come through the audit handler (unit tests).</summary>
    internal long TimestampOr(TimeProvider time) => Timestamp != 0 ? Timestamp : time.GetTimestamp();

    /// <summary><see cref="At"/>, or a fresh reading when the call did not come through the audit handler (unit tests).</summary>
    internal DateTimeOffset AtOr(TimeProvider time) => At != default ? At : time.GetUtcNow();

    internal void SetPrincipal(Principal principal) => Principal = principal;

    internal void Resolve(Principal principal, GrantInfo grant, ResolvedProvider bound)
    {
        // The last line of the ownership rule: whatever found the grant, a call never runs under a grant its principal does not own.
        if (!grant.Owner.Equals(principal))
            throw new InvalidOperationException($"Grant {grant.Id} was resolved for a call that acts for someone else; refused.");
        Principal = principal;
        Grant = grant;
        ResolvedProvider = bound;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
