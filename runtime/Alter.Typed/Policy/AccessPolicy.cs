using Alter.Typed.Http;

namespace Alter.Typed;

/// <summary>
/// What a caller may do, failing closed: which operations (globs over <c>provider:operationId</c> policy ids, such as
/// <c>slack:chat.postMessage</c>, <c>slack:chat.*</c> or <c>github:*</c>; generated constants like
/// <c>SlackOperations.ChatPostMessage</c> hold exact ids), which scopes a grant may hold, when, and how often. Immutable;
/// build one with <see cref="Create"/>, and bind it to an agent (<see cref="AlterAgents.Create(string, AccessPolicy)"/>,
/// <see cref="AlterAgents.SetPolicy"/>: stored, enforced for the agent's calls) or enforce it for every call of the app
/// with <see cref="AccessPolicyEnforcer"/>.
/// </summary>
/// <remarks>
/// <para>
/// Only what an allow glob names is allowed: an empty policy denies everything (<see cref="PolicyRules.NoRule"/>), an
/// operation added to the catalog later is denied unless a glob matches it, and a call without a described operation id
/// (an untyped <c>Request</c> whose method and URL map to no described operation) is denied. The optional rules (scopes, maximum delegation lifetime, time windows, rate limit, condition) narrow that
/// further; left unset, they do not restrict.
/// </para>
/// <para>Glob syntax: segments separated by <c>:</c>, the first the provider id; <c>*</c> matches any run of characters
/// within one segment (never a <c>:</c>); matching is ordinal and case-sensitive. See <see cref="AccessPolicyBuilder.Allow"/>.</para>
/// </remarks>
public sealed class AccessPolicy
{
    private readonly OperationGlob[] _allowed;
    private readonly OperationGlob[] _approval;
    private readonly HashSet<string>? _scopes;

    internal AccessPolicy(string name, OperationGlob[] allowed, OperationGlob[] approval, HashSet<string>? scopes, TimeWindow[] windows,
        int? ratePermits, TimeSpan? rateWindow, Func<CallContext, bool>? condition, TimeSpan? maxDelegationLifetime = null)
    {
        (Name, _allowed, _approval, _scopes, TimeWindows, RateLimitPermits, RateLimitWindow, Condition, MaxDelegationLifetime)
            = (name, allowed, approval, scopes, windows, ratePermits, rateWindow, condition, maxDelegationLifetime);
        Allowed = [.. allowed.Select(g => g.Pattern)];
        RequiringApproval = [.. approval.Select(g => g.Pattern)];
        AllowedScopes = scopes is null ? null : [.. scopes.Order(StringComparer.Ordinal)];
    }

    /// <summary>Starts a policy; it denies everything until <see cref="AccessPolicyBuilder.Allow"/> names operations.</summary>
    /// <param name="name">A name for messages (<c>support-bot</c>); not secret, not unique.</param>
    /// <exception cref="ArgumentException">Empty, longer than 200 characters, or with control characters.</exception>
    public static AccessPolicyBuilder Create(string name) => new(name);

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The allow globs; an operation none matches is denied.</summary>
    public IReadOnlyList<string> Allowed { get; }

    /// <summary>Globs of operations whose every call needs a human approval of its exact arguments (<see cref="AlterApprovals"/>).</summary>
    public IReadOnlyList<string> RequiringApproval { get; }

    /// <summary>The scopes a grant may hold; a grant holding any other is denied. Null: scopes are not checked.</summary>
    public IReadOnlyList<string>? AllowedScopes { get; }

    /// <summary>When calls are allowed (any one window); empty: at any time.</summary>
    public IReadOnlyList<TimeWindow> TimeWindows { get; }

    /// <summary>Calls each principal may make per <see cref="RateLimitWindow"/> (an agent's stored policy: the agent, whomever its calls act for); null: no rate limit.</summary>
    public int? RateLimitPermits { get; }

    /// <summary>The rate limit's fixed window; null: no rate limit.</summary>
    public TimeSpan? RateLimitWindow { get; }

    /// <summary>
    /// The longest a delegation may have been made for (creation to expiry) for calls through it under this policy
    /// (<see cref="PolicyRules.LifetimeExceeded"/> otherwise); null: no limit beyond <c>AlterOptions.MaxDelegationLifetime</c>.
    /// </summary>
    public TimeSpan? MaxDelegationLifetime { get; }

    /// <summary>A check of your own; false denies (<see cref="PolicyRules.ConditionNotMet"/>), an exception denies (<see cref="PolicyRules.EvaluationFailed"/>).</summary>
    public Func<CallContext, bool>? Condition { get; }

    /// <summary>
    /// Whether an allow glob matches the policy id <paramref name="operation"/> (<c>slack:chat.postMessage</c>), before the
    /// per-call rules (approval, scopes, time, rate). For listing what a caller may call; the enforcer checks every call.
    /// </summary>
    public bool AllowsOperation(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var colon = operation.IndexOf(':');
        return colon > 0 && Allows(operation[..colon], operation[(colon + 1)..]);
    }

    internal bool HasAllowRules => _allowed.Length > 0;

    internal bool AllowsProvider(string provider) => Array.Exists(_allowed, g => g.MatchesProvider(provider));

    internal bool Allows(string provider, string operationId) => Array.Exists(_allowed, g => g.Matches(provider, operationId));

    internal bool NeedsApproval(string provider, string operationId) => Array.Exists(_approval, g => g.Matches(provider, operationId));

    /// <summary>The first scope the grant holds that the policy does not allow; null when all are allowed (or scopes are not checked).</summary>
    internal string? DisallowedScope(IReadOnlyList<string> held)
    {
        if (_scopes is null) return null;
        foreach (var scope in held)
            if (!_scopes.Contains(scope)) return scope;
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"policy {Name}";
}
