using Alter.Typed.Http;
using Alter.Typed.Tests.Pipeline;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Alter.Typed.Tests.Policy.PolicyStubs;

namespace Alter.Typed.Tests.Policy;

/// <summary>The enforcer alone, on stub call contexts: what the sandbox tests cannot reach cheaply (several principals, no principal).</summary>
public sealed class AccessPolicyEnforcerTests
{
    private static readonly Principal Bob = Principal.User("https://idp.test/", "bob");

    [Fact]
    public async Task Outside_the_pipeline_a_call_needing_approval_is_denied_not_let_through()
    {
        // No approval gate follows (the pipeline's policy handler sets one): the enforcer must not let the call pass.
        var policy = new AccessPolicyEnforcer(AccessPolicy.Create("approve").Allow("acme:*").RequireApproval("acme:things.get").Build());
        Assert.Equal(PolicyRules.ApprovalRequired, await RuleAsync(policy, Context(Bob)));
        Assert.Null(await RuleAsync(policy, Context(Bob, "things.list")));

        // With a gate, the enforcer passes the call on to it, marked.
        var gated = Context(Bob);
        gated.ApprovalGateAvailable = true;
        Assert.Null(await RuleAsync(policy, gated));
        Assert.Equal("approve", gated.ApprovalRequiredBy);
    }

    [Fact]
    public async Task The_rate_limit_counts_each_principal_on_its_own()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var enforcer = new AccessPolicyEnforcer(AccessPolicy.Create("one").Allow("acme:*").RateLimit(1, TimeSpan.FromSeconds(10)).Build(), time);

        Assert.Null(await RuleAsync(enforcer, Context(Stub.Alice)));
        Assert.Equal(PolicyRules.RateLimited, await RuleAsync(enforcer, Context(Stub.Alice)));
        Assert.Null(await RuleAsync(enforcer, Context(Bob)));                  // bob has his own window
        Assert.Equal(PolicyRules.RateLimited, await RuleAsync(enforcer, Context(Bob)));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await RuleAsync(enforcer, Context(Stub.Alice)));
        Assert.Null(await RuleAsync(enforcer, Context(Bob)));
    }

    [Fact]
    public async Task Windows_that_are_over_are_dropped_once_many_principals_were_seen_and_limits_still_hold()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var enforcer = new AccessPolicyEnforcer(AccessPolicy.Create("one").Allow("acme:*").RateLimit(1, TimeSpan.FromSeconds(10)).Build(), time);
        for (var i = 0; i < 1100; i++)
            Assert.Null(await RuleAsync(enforcer, Context(Principal.User("https://idp.test/", "user" + i))));
        Assert.Equal(1100, enforcer.TrackedPrincipals);                          // all windows still running: none dropped

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await RuleAsync(enforcer, Context(Stub.Alice)));              // over the threshold, with windows over: a prune

        Assert.Equal(1, enforcer.TrackedPrincipals);                              // only alice's running window is left
        Assert.Equal(PolicyRules.RateLimited, await RuleAsync(enforcer, Context(Stub.Alice)));
        Assert.Null(await RuleAsync(enforcer, Context(Principal.User("https://idp.test/", "user0"))));
        Assert.Equal(PolicyRules.RateLimited, await RuleAsync(enforcer, Context(Principal.User("https://idp.test/", "user0"))));
    }

    [Fact]
    public async Task A_rate_limited_call_without_a_principal_is_denied_as_an_evaluation_failure()
    {
        var enforcer = new AccessPolicyEnforcer(AccessPolicy.Create("one").Allow("acme:*").RateLimit(5, TimeSpan.FromSeconds(10)).Build());

        Assert.Equal(PolicyRules.EvaluationFailed, await RuleAsync(enforcer, Context(principal: null)));
    }

    [Fact]
    public async Task A_time_window_on_a_call_that_did_not_come_through_the_pipeline_is_denied_not_read_from_a_hidden_clock()
    {
        var always = new TimeWindow(TimeZoneInfo.Utc, TimeOnly.MinValue, TimeOnly.MaxValue, Enum.GetValues<DayOfWeek>());
        var enforcer = new AccessPolicyEnforcer(AccessPolicy.Create("one").Allow("acme:*").During(always).Build());

        Assert.Equal(PolicyRules.EvaluationFailed, await RuleAsync(enforcer, Context(Stub.Alice)));
    }

    [Fact]
    public async Task Rules_deny_in_their_documented_order()
    {
        var empty = new AccessPolicyEnforcer(AccessPolicy.Create("empty").Build());
        var acme = new AccessPolicyEnforcer(AccessPolicy.Create("acme").Allow("acme:things.*").AllowScopes("write").Build());

        Assert.Equal(PolicyRules.NoRule, await RuleAsync(empty, Context(Stub.Alice, "GET /things", typed: false)));   // no rule beats everything
        Assert.Equal(PolicyRules.UnknownOperation, await RuleAsync(acme, Context(Stub.Alice, "GET /things", typed: false)));
        Assert.Equal(PolicyRules.UnknownOperation, await RuleAsync(acme, Context(Stub.Alice, "", typed: true)));
        Assert.Equal(PolicyRules.OperationNotAllowed, await RuleAsync(acme, Context(Stub.Alice, "widgets.get")));
        Assert.Equal(PolicyRules.ScopeNotAllowed, await RuleAsync(acme, Context(Stub.Alice)));                      // the grant holds "read"
    }

    [Fact]
    public async Task The_denial_message_names_the_policy_operation_and_rule()
    {
        var enforcer = new AccessPolicyEnforcer(AccessPolicy.Create("support-bot").Allow("slack:*").Build());

        var error = await Assert.ThrowsAsync<PolicyDeniedException>(() => enforcer.EvaluateAsync(Context(Stub.Alice), CancellationToken.None).AsTask());

        Assert.Equal("Access policy 'support-bot' denies acme:things.get: provider_not_allowed.", error.Message);
    }
}
