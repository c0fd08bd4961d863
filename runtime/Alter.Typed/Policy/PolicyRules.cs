namespace Alter.Typed;

/// <summary>
/// The rules an <see cref="AccessPolicy"/> denies with: <see cref="PolicyDeniedException.Rule"/>, and the audit row's
/// outcome <c>denied:policy:&lt;rule&gt;</c>. A bounded set, so dashboards can count by rule.
/// </summary>
public static class PolicyRules
{
    /// <summary>The policy allows no operation at all (an empty policy denies everything).</summary>
    public const string NoRule = "no_rule";

    /// <summary>The call has no described operation id (an untyped request that maps to none).</summary>
    public const string UnknownOperation = "unknown_operation";

    /// <summary>No allow glob names the provider.</summary>
    public const string ProviderNotAllowed = "provider_not_allowed";

    /// <summary>Allow globs name the provider, but none matches the operation (also an operation added to the catalog later).</summary>
    public const string OperationNotAllowed = "operation_not_allowed";

    /// <summary>
    /// The operation needs a human approval and this exact call has none (yet): <see cref="ApprovalPendingException"/>
    /// names the pending approval (<see cref="AlterApprovals"/>).
    /// </summary>
    public const string ApprovalRequired = "approval_required";

    /// <summary>A human denied the approval this exact call needed (<see cref="ApprovalDeniedException"/>).</summary>
    public const string ApprovalDenied = "approval_denied";

    /// <summary>The grant holds a scope the policy does not allow.</summary>
    public const string ScopeNotAllowed = "scope_not_allowed";

    /// <summary>The call goes through a delegation made for longer than the policy's <see cref="AccessPolicy.MaxDelegationLifetime"/>.</summary>
    public const string LifetimeExceeded = "lifetime_exceeded";

    /// <summary>The call falls outside every time window of the policy.</summary>
    public const string OutsideTimeWindow = "outside_time_window";

    /// <summary>The policy's own condition returned false.</summary>
    public const string ConditionNotMet = "condition_not_met";

    /// <summary>The principal used up its calls of the current rate-limit window.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The call goes through a delegation whose operations do not name it.</summary>
    public const string DelegationOperationNotAllowed = "delegation_operation_not_allowed";

    /// <summary>The operation needs a scope the grant was not granted (checked for calls through a delegation).</summary>
    public const string GrantScopeMissing = "grant_scope_missing";

    /// <summary>Evaluating the policy threw: the call is denied rather than let through.</summary>
    public const string EvaluationFailed = "evaluation_failed";
}
