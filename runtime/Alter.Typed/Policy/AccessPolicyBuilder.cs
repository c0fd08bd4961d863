using Alter.Typed.Http;

namespace Alter.Typed;

/// <summary>Builds an <see cref="AccessPolicy"/> (<see cref="AccessPolicy.Create"/>); every argument is checked here, so a built policy is valid.</summary>
public sealed class AccessPolicyBuilder
{
    private const int MaxNameLength = 200;
    private readonly string _name;
    private readonly List<OperationGlob> _allowed = [];
    private readonly List<OperationGlob> _approval = [];
    private TimeSpan? _maxLifetime;
    private readonly List<TimeWindow> _windows = [];
    private HashSet<string>? _scopes;
    private (int Permits, TimeSpan Window)? _rate;
    private Func<CallContext, bool>? _condition;

    internal AccessPolicyBuilder(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxNameLength || name.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085'))
            throw new ArgumentException($"A policy name is 1 to {MaxNameLength} characters without control characters.", nameof(name));
        _name = name;
    }

    /// <summary>
    /// Allows the operations the globs match. A glob is <c>provider:operationId</c> with <c>*</c> for any run of characters
    /// within a segment: <c>slack:chat.postMessage</c> (exactly one; or the constant <c>SlackOperations.ChatPostMessage</c>),
    /// <c>slack:chat.*</c>, <c>slack:*</c>, <c>*:*</c> (every operation of every provider). <c>*</c> never crosses a
    /// <c>:</c>; matching is case-sensitive.
    /// </summary>
    /// <exception cref="ArgumentException">A glob without a <c>:</c>, with an empty segment, or with control characters.</exception>
    public AccessPolicyBuilder Allow(params string[] globs) => Add(_allowed, globs, nameof(globs));

    /// <summary>
    /// Declares operations (globs, as in <see cref="Allow"/>) that need a human approval of each call, bound to its exact
    /// arguments. Such a call must also be allowed (<see cref="Allow"/>) and pass every other rule; then it is held
    /// (<see cref="ApprovalPendingException"/>, a pending approval in <see cref="AlterApprovals"/>) until a human approves
    /// it, after which the same call goes through once. See <see cref="AlterOptions.ApprovalWait"/> to wait instead.
    /// </summary>
    public AccessPolicyBuilder RequireApproval(params string[] globs) => Add(_approval, globs, nameof(globs));

    /// <summary>Allows grants that hold only these scopes (calls under a grant holding any other are denied). Repeated calls add scopes.</summary>
    /// <exception cref="ArgumentException">An empty scope.</exception>
    public AccessPolicyBuilder AllowScopes(params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        _scopes ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            if (string.IsNullOrEmpty(scope)) throw new ArgumentException("A scope cannot be empty.", nameof(scopes));
            _scopes.Add(scope);
        }
        return this;
    }

    /// <summary>Allows calls only within these windows (any one of them, together with those added before).</summary>
    public AccessPolicyBuilder During(params TimeWindow[] windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        foreach (var window in windows) _windows.Add(window ?? throw new ArgumentNullException(nameof(windows)));
        return this;
    }

    /// <summary>
    /// Allows each principal <paramref name="permits"/> calls per fixed <paramref name="window"/>, read on
    /// <c>AlterOptions.TimeProvider</c>. Bound to an agent (<see cref="AlterAgents.SetPolicy"/>), the count is the agent's.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one permit, or a window that is not positive.</exception>
    public AccessPolicyBuilder RateLimit(int permits, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _rate = (permits, window);
        return this;
    }

    /// <summary>
    /// Denies a call through a delegation made for longer than <paramref name="max"/> (from its creation to its expiry;
    /// the user delegates again for less), with <see cref="PolicyRules.LifetimeExceeded"/>. Calls under the caller's own
    /// grants are not affected. Every delegation is also bounded by <c>AlterOptions.MaxDelegationLifetime</c> when made.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public AccessPolicyBuilder MaxDelegationLifetime(TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(max, TimeSpan.Zero);
        _maxLifetime = max;
        return this;
    }

    /// <summary>
    /// Adds a check of your own, run after the other rules (except the rate limit); false denies, an exception denies.
    /// Code cannot be stored: a policy with a condition can be enforced with <see cref="Http.AccessPolicyEnforcer"/>, not bound to an agent.
    /// </summary>
    public AccessPolicyBuilder When(Func<CallContext, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var previous = _condition;
        _condition = previous is null ? condition : context => previous(context) && condition(context);
        return this;
    }

    /// <summary>The immutable policy.</summary>
    public AccessPolicy Build()
        => new(_name, [.. _allowed], [.. _approval], _scopes is null ? null : new HashSet<string>(_scopes, StringComparer.Ordinal), [.. _windows],
            _rate?.Permits, _rate?.Window, _condition, _maxLifetime);

    private AccessPolicyBuilder Add(List<OperationGlob> list, string[] globs, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(globs, parameterName);
        foreach (var glob in globs) list.Add(OperationGlob.Parse(glob, parameterName));
        return this;
    }
}
