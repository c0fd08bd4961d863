using System.Collections.Concurrent;

namespace Alter.Typed.Http;

/// <summary>
/// Enforces an agent's stored access policy (<see cref="AlterAgents.SetPolicy"/>) for the calls of an app opened with
/// that agent's key, in the pipeline's policy slot before <see cref="AlterOptions.Policies"/>. It fails closed: an agent
/// without a policy is denied everything (<see cref="PolicyRules.NoRule"/>), and one whose stored policy cannot be read
/// (damaged, a newer format, an unknown time zone) or cannot be fetched is denied with <see cref="PolicyRules.EvaluationFailed"/>.
/// </summary>
/// <remarks>
/// <para>A changed policy reaches a running app the way a revoked key does: the stored policy is re-read on a call once
/// <see cref="AlterOptions.ApiKeyCheckInterval"/> has passed on the options' clock since the last read. Between reads a
/// call costs one timestamp comparison.</para>
/// <para>The rate limit is the agent's: every call counts against the agent, whomever it acts for, and the count is
/// shared by every app of the process opened as that agent on the same store (an agent opening the app twice does not
/// get twice the calls). It survives re-reads of an unchanged policy; a changed policy starts a fresh count. The count
/// is kept in memory, per process.</para>
/// </remarks>
internal sealed class AgentPolicyEnforcer : ICallPolicy
{
    // One enforcer (and so one rate-limit count) per store, agent and stored policy text, shared by the process's apps.
    private static readonly ConcurrentDictionary<(string Store, string Agent), Shared> SharedByAgent = new();

    private readonly AgentInfo _agent;
    private readonly string _store;
    private readonly Func<string?> _read;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private State? _state;

    /// <summary>Enforces the stored policy of <paramref name="agent"/>, read by <paramref name="read"/> (null: none).</summary>
    /// <param name="agent">The agent the app was opened as.</param>
    /// <param name="store">The store's full path: with the agent id, what the shared rate-limit count is keyed on.</param>
    /// <param name="read">Reads the agent's stored policy text now.</param>
    /// <param name="time">The options' clock.</param>
    /// <param name="interval">How long a read stays current.</param>
    public AgentPolicyEnforcer(AgentInfo agent, string store, Func<string?> read, TimeProvider time, TimeSpan interval)
        => (_agent, _store, _read, _time, _interval) = (agent, store, read, time, interval);

    /// <inheritdoc/>
    public ValueTask EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = Current(context.TimestampOr(_time));
        if (state.Enforcer is { } enforcer) return enforcer.EvaluateAsync(context, cancellationToken);
        throw new PolicyDeniedException(state.Problem!, state.Rule!);
    }

    /// <summary>
    /// The agent's policy as of now (re-read on the interval, as calls do): what tools may list. Null when it has none or
    /// it cannot be read, and then every call is denied.
    /// </summary>
    public AccessPolicy? CurrentPolicy() => Current(_time.GetTimestamp()).Enforcer?.Policy;

    /// <summary>The policy as last read; re-read when that read is older than the interval.</summary>
    private State Current(long now)
    {
        var state = Volatile.Read(ref _state);
        if (state is not null && _time.GetElapsedTime(state.ReadAt, now) < _interval) return state;
        lock (_lock)
        {
            state = _state;
            if (state is not null && _time.GetElapsedTime(state.ReadAt, now) < _interval) return state;
            string? json;
            try
            {
                json = _read();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not kept: the next call reads again. Only the exception's type is repeated (the message may name paths).
                return Failed(now, null, $"could not be read from the store ({ex.GetType().Name})");
            }
            state = state is not null && string.Equals(state.Json, json, StringComparison.Ordinal)
                ? state with { ReadAt = now }
                : Build(json, now);
            Volatile.Write(ref _state, state);
            return state;
        }
    }

    private State Build(string? json, long now)
    {
        if (json is null)
            return new State(now, null, null, PolicyRules.NoRule,
                $"Agent '{_agent.Name}' ({_agent.Id}) has no access policy, so it may call nothing: {PolicyRules.NoRule}. Give it one: " +
                $"app.Agents.SetPolicy(\"{_agent.Name}\", AccessPolicy.Create(...).Allow(...).Build()), or `alter agents policy {_agent.Name} --allow provider:operation`.");
        AccessPolicy policy;
        try
        {
            policy = Agents.StoredPolicy.Read(json);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failed(now, json, $"cannot be read ({ex.GetType().Name})");
        }
        var key = (_store, _agent.Id);
        var shared = SharedByAgent.AddOrUpdate(key,
            static (_, arg) => new Shared(arg.Json, new AccessPolicyEnforcer(arg.Policy, arg.Time, arg.Agent)),
            static (_, old, arg) => string.Equals(old.Json, arg.Json, StringComparison.Ordinal) ? old : new Shared(arg.Json, new AccessPolicyEnforcer(arg.Policy, arg.Time, arg.Agent)),
            (Json: json, Policy: policy, Time: _time, Agent: _agent.Id));
        return new State(now, json, shared.Enforcer, null, null);
    }

    private State Failed(long now, string? json, string why)
        => new(now, json, null, PolicyRules.EvaluationFailed,
            $"The stored access policy of agent '{_agent.Name}' ({_agent.Id}) {why}, so it may call nothing: {PolicyRules.EvaluationFailed}. " +
            $"Set it again: app.Agents.SetPolicy(\"{_agent.Name}\", ...), or `alter agents policy {_agent.Name} --allow provider:operation`.");

    /// <summary>One read of the stored policy: its enforcer, or the rule and message every call is denied with.</summary>
    private sealed record State(long ReadAt, string? Json, AccessPolicyEnforcer? Enforcer, string? Rule, string? Problem);

    private sealed record Shared(string Json, AccessPolicyEnforcer Enforcer);
}
