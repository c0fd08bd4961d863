using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Alter.Typed.Http;

/// <summary>
/// Enforces an <see cref="AccessPolicy"/> in the pipeline's policy slot, before anything is sent:
/// <c>options.Policies.Add(new AccessPolicyEnforcer(policy))</c>. A denial throws <see cref="PolicyDeniedException"/> with a
/// <see cref="PolicyRules"/> code, which the call's audit row records as <c>denied:policy:&lt;rule&gt;</c>.
/// </summary>
/// <remarks>
/// <para>Rules run in this order, the first failing one naming the denial: any allow rule, a described operation,
/// provider, operation, scopes, maximum delegation lifetime, time windows, condition, rate limit (last, so a call denied for another reason
/// costs no permit). Any exception while evaluating denies with <see cref="PolicyRules.EvaluationFailed"/>.</para>
/// <para>An operation the policy names in <see cref="AccessPolicyBuilder.RequireApproval"/> that passes every rule is then
/// held for a human approval of exactly this call (<see cref="AlterApprovals"/>): the pipeline's approval gate, after all
/// policies, lets it through only by using up an approval of the same arguments, else throws
/// <see cref="ApprovalPendingException"/>. A held call has used a rate-limit permit, so the limit also bounds how fast a
/// caller can file approvals. Evaluated outside the pipeline (no gate), such a call is denied with
/// <see cref="PolicyRules.ApprovalRequired"/>.</para>
/// <para>An enforcer in <see cref="AlterOptions.Policies"/> applies to every call of the app. An agent's own stored policy
/// (<see cref="AlterAgents.SetPolicy"/>) is enforced, in addition, for the calls of an app opened with that agent's key.</para>
/// <para>Time is the call's own reading of <c>AlterOptions.TimeProvider</c> (taken when it entered the pipeline), so time
/// windows and the rate limit follow a fake clock in tests. The rate limit is per principal (<see cref="Principal.Key"/>)
/// and kept in memory, per enforcer and process.</para>
/// </remarks>
public sealed class AccessPolicyEnforcer : ICallPolicy
{
    // Past this many principals, windows that are over are dropped (at most once per rate-limit window), so an app with
    // many users does not keep one limiter per user it ever saw.
    private const int PruneAbove = 1024;

    private readonly TimeProvider? _fallbackTime;
    private readonly ConcurrentDictionary<string, Window>? _windows;
    private DateTimeOffset _nextPrune;

    /// <summary>Enforces <paramref name="policy"/>.</summary>
    /// <param name="policy">The policy.</param>
    public AccessPolicyEnforcer(AccessPolicy policy) : this(policy, null)
    {
    }

    // The clock for a context that did not come through the pipeline (unit tests of the enforcer alone). Without one, such a
    // context cannot be checked against time windows or the rate limit, and is denied (evaluation_failed): no hidden system clock.
    internal AccessPolicyEnforcer(AccessPolicy policy, TimeProvider? fallbackTime)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _fallbackTime = fallbackTime;
        if (policy.RateLimitPermits is not null) _windows = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// An enforcer whose rate limit counts every call against <paramref name="rateKey"/> (an agent's id: one limit per
    /// agent, whomever a call acts for), rather than per principal.
    /// </summary>
    internal AccessPolicyEnforcer(AccessPolicy policy, TimeProvider fallbackTime, string rateKey) : this(policy, fallbackTime)
        => _rateKey = rateKey;

    private readonly string? _rateKey;

    /// <summary>The policy enforced.</summary>
    public AccessPolicy Policy { get; }

    /// <inheritdoc/>
    public ValueTask EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? rule;
        string? failure = null;
        try
        {
            rule = Evaluate(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail closed. Only the exception's type is repeated, not its message: a condition of the app's own might put
            // anything in it, and the message reaches logs.
            rule = PolicyRules.EvaluationFailed;
            failure = $" ({ex.GetType().Name} while evaluating)";
        }
        if (rule is null) return default;
        throw new PolicyDeniedException($"Access policy '{Policy.Name}' denies {Describe(context)}: {rule}{failure}.", rule);
    }

    /// <summary>
    /// The dry run of <see cref="Evaluate"/> for an operation no call is made of yet (which AI tools to list): the rules
    /// that need no call (allow rules, provider, operation, approval); null when they allow it. Scopes, time windows,
    /// the condition and the rate limit need a call, and are checked on each one.
    /// </summary>
    internal string? DryRun(string provider, string operationId) => DryRun(Policy, provider, operationId);

    /// <summary><see cref="DryRun(string, string)"/> for a policy without an enforcer (an agent's stored policy).</summary>
    internal static string? DryRun(AccessPolicy policy, string provider, string operationId)
    {
        if (!policy.HasAllowRules) return PolicyRules.NoRule;
        if (!policy.AllowsProvider(provider)) return PolicyRules.ProviderNotAllowed;
        if (!policy.Allows(provider, operationId)) return PolicyRules.OperationNotAllowed;
        if (policy.NeedsApproval(provider, operationId)) return PolicyRules.ApprovalRequired;
        return null;
    }

    private string? Evaluate(CallContext context)
    {
        var provider = context.Provider.Id;
        if (!Policy.HasAllowRules) return PolicyRules.NoRule;
        if (!context.IsTypedOperation || string.IsNullOrEmpty(context.Operation)) return PolicyRules.UnknownOperation;
        if (!Policy.AllowsProvider(provider)) return PolicyRules.ProviderNotAllowed;
        if (!Policy.Allows(provider, context.Operation)) return PolicyRules.OperationNotAllowed;
        var needsApproval = Policy.NeedsApproval(provider, context.Operation);
        // Without an approval gate after the policies (an enforcer evaluated outside the pipeline) it is a plain denial.
        if (needsApproval && !context.ApprovalGateAvailable) return PolicyRules.ApprovalRequired;
        if (Policy.DisallowedScope(context.Scopes) is not null) return PolicyRules.ScopeNotAllowed;
        if (Policy.MaxDelegationLifetime is { } max && context.Delegation is { } delegation && delegation.ExpiresAt - delegation.CreatedAt > max)
            return PolicyRules.LifetimeExceeded;
        if (Policy.TimeWindows.Count > 0 && !Policy.TimeWindows.Any(w => w.Contains(Now(context)))) return PolicyRules.OutsideTimeWindow;
        if (Policy.Condition is { } condition && !condition(context)) return PolicyRules.ConditionNotMet;
        if (_windows is not null && !TryAcquire(context, Now(context))) return PolicyRules.RateLimited;
        // Every other rule passed: the pipeline's approval gate decides (a human's approval of exactly this call).
        if (needsApproval) context.ApprovalRequiredBy ??= Policy.Name;
        return null;
    }

    /// <summary>The call's time: when it entered the pipeline, read from <c>AlterOptions.TimeProvider</c>.</summary>
    private DateTimeOffset Now(CallContext context)
        => context.At != default ? context.At
            : _fallbackTime?.GetUtcNow() ?? throw new InvalidOperationException("The call did not come through the pipeline: it has no time to check time windows or the rate limit against.");

    private bool TryAcquire(CallContext context, DateTimeOffset now)
    {
        // Keyed by whom the call acts for; a call without a decided principal cannot be counted, so it is an evaluation failure.
        var key = _rateKey ?? context.Principal?.Key ?? throw new InvalidOperationException("The call has no principal to count against the rate limit.");
        var length = Policy.RateLimitWindow!.Value;
        while (true)
        {
            var window = _windows!.GetOrAdd(key, static (_, policy) => new Window(policy), Policy);
            // Null: the window was retired by a prune between the lookup and the lock; the next lookup makes a new one.
            if (window.TryAcquire(now, length) is not { } acquired) continue;
            if (_windows.Count > PruneAbove) Prune(now, length);
            return acquired;
        }
    }

    private void Prune(DateTimeOffset now, TimeSpan length)
    {
        lock (_windows!)
        {
            if (now < _nextPrune) return;
            _nextPrune = now + length;
        }
        foreach (var (key, window) in _windows)
            if (window.TryRetire(now, length)) _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
    }

    /// <summary>How many principals the rate limit currently tracks (tests).</summary>
    internal int TrackedPrincipals => _windows?.Count ?? 0;

    private static string Describe(CallContext context)
        => context.IsTypedOperation ? $"{context.Provider.Id}:{context.Operation}" : $"an undescribed {context.Provider.Id} request";

    /// <summary>
    /// One principal's fixed window: a <see cref="FixedWindowRateLimiter"/> per window, without a timer of its own. The
    /// limiter's manual replenishment is gated by the machine's clock (<c>Stopwatch</c>), so rather than replenish it, a
    /// window the options' clock shows over is replaced by a fresh limiter: the limit then follows that clock.
    /// </summary>
    private sealed class Window(AccessPolicy policy)
    {
        private readonly Lock _lock = new();
        private FixedWindowRateLimiter? _limiter;
        private DateTimeOffset _started;
        private bool _retired;

        /// <summary>Whether a permit was acquired; null when this window was retired (look it up again).</summary>
        public bool? TryAcquire(DateTimeOffset now, TimeSpan length)
        {
            lock (_lock)
            {
                if (_retired) return null;
                if (_limiter is null || now - _started >= length)
                {
                    _limiter?.Dispose();
                    _limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = policy.RateLimitPermits!.Value,
                        Window = length,
                        QueueLimit = 0,
                        AutoReplenishment = false,
                    });
                    _started = now;
                }
                using var lease = _limiter.AttemptAcquire(1);
                return lease.IsAcquired;
            }
        }

        /// <summary>Retires the window when it is over (a call in it would start a new one anyway); true when retired.</summary>
        public bool TryRetire(DateTimeOffset now, TimeSpan length)
        {
            lock (_lock)
            {
                if (_limiter is not null && now - _started < length) return false;
                _retired = true;
                _limiter?.Dispose();
                return true;
            }
        }
    }
}
