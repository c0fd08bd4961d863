using Alter.Typed.Agents;
using Alter.Typed.Http;
using Alter.Typed.Tests.Pipeline;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Alter.Typed.Tests.Policy.PolicyStubs;

namespace Alter.Typed.Tests.Policy;

/// <summary>
/// The agent's enforcer alone, on stub call contexts: a store that cannot be read denies (and is asked again on the next
/// call), the stored text is read once per interval, and the rate limit counts the agent whomever a call acts for.
/// </summary>
public sealed class AgentPolicyEnforcerTests
{
    private static readonly Principal Bob = Principal.User("https://idp.test/", "bob");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private static AgentInfo NewAgent() => new("agent_" + Guid.NewGuid().ToString("N"), Stub.App.Id, "bot", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_store_that_cannot_be_read_denies_and_is_asked_again_on_the_next_call()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var json = StoredPolicy.Write(AccessPolicy.Create("p").Allow("acme:*").Build());
        var fail = true;
        var reads = 0;
        var enforcer = new AgentPolicyEnforcer(NewAgent(), "/store", () => { reads++; return fail ? throw new IOException("disk /secret/path") : json; }, time, Interval);

        var error = await Assert.ThrowsAsync<PolicyDeniedException>(() => enforcer.EvaluateAsync(Context(Stub.Alice, time: time), CancellationToken.None).AsTask());
        Assert.Equal(PolicyRules.EvaluationFailed, error.Rule);
        Assert.DoesNotContain("/secret/path", error.Message, StringComparison.Ordinal);
        fail = false;
        Assert.Null(await RuleAsync(enforcer, Context(Stub.Alice, time: time)));           // not cached: read again at once
        Assert.Null(await RuleAsync(enforcer, Context(Stub.Alice, time: time)));
        Assert.Equal(2, reads);                                                      // then once per interval
        time.Advance(Interval);
        Assert.Null(await RuleAsync(enforcer, Context(Stub.Alice, time: time)));
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task The_rate_limit_counts_the_agent_whomever_its_calls_act_for()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var json = StoredPolicy.Write(AccessPolicy.Create("p").Allow("acme:*").RateLimit(2, TimeSpan.FromMinutes(1)).Build());
        var enforcer = new AgentPolicyEnforcer(NewAgent(), "/store", () => json, time, Interval);

        Assert.Null(await RuleAsync(enforcer, Context(Stub.Alice, time: time)));
        Assert.Null(await RuleAsync(enforcer, Context(Bob, time: time)));
        Assert.Equal(PolicyRules.RateLimited, await RuleAsync(enforcer, Context(Stub.Alice, time: time)));
        Assert.Equal(PolicyRules.RateLimited, await RuleAsync(enforcer, Context(Principal.User("https://idp.test/", "carol"), time: time)));
    }

    [Fact]
    public async Task No_stored_policy_denies_with_no_rule()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var enforcer = new AgentPolicyEnforcer(NewAgent(), "/store", () => null, time, Interval);

        Assert.Equal(PolicyRules.NoRule, await RuleAsync(enforcer, Context(Stub.Alice, time: time)));
    }
}
