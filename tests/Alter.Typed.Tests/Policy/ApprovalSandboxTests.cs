using System.Text;
using Alter.Typed.Generated;
using Alter.Typed.Http;
using Alter.Typed.Slack;
using Xunit;

namespace Alter.Typed.Tests.Policy;

/// <summary>
/// Acceptance 6 of issue 13: a call needing approval does not reach the provider until a human approves it with the same
/// arguments; a changed argument needs a new approval. Against the sandbox's Slack: the traffic is counted at the
/// sandbox and at the network edge, the audit rows are read back, and the approvals are decided through <c>app.Approvals</c>.
/// </summary>
public partial class ApprovalSandboxTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    private static readonly Principal Alice = Principal.User("https://idp.test/", "alice");
    private static readonly Principal Bob = Principal.User("https://idp.test/", "bob");

    private static AccessPolicy PostNeedsApproval(params string[] extra)
        => AccessPolicy.Create("approve posts").Allow("slack:*").RequireApproval([SlackOperations.ChatPostMessage, .. extra]).Build();

    private async Task<(TestWorld World, App App)> StartAsync(bool fakeTime = false, Action<AlterOptions>? configure = null, AccessPolicy? policy = null)
    {
        var world = await TestWorld.StartAsync(Store, fakeTime);
        world.Options.Policies.Add(new AccessPolicyEnforcer(policy ?? PostNeedsApproval()));
        configure?.Invoke(world.Options);
        var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "slack");
        return (world, app);
    }

    private static int SlackCalls(TestWorld world) => world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == "slack");

    private static Task<ChatPostMessageResponse> Post(App app, string text = "deploy to production") => app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = text });

    /// <summary>The call is held: nothing reached the sandbox or the network, and the audit row names the pending approval.</summary>
    private static async Task<ApprovalPendingException> AssertHeldAsync(TestWorld world, App app, Func<Task> call)
    {
        var (before, sentBefore) = (SlackCalls(world), world.Wire.Sent.Count);
        var held = await Assert.ThrowsAsync<ApprovalPendingException>(call);
        Assert.Equal(PolicyRules.ApprovalRequired, held.Rule);
        Assert.StartsWith("apr_", held.ApprovalId, StringComparison.Ordinal);
        Assert.Equal((before, sentBefore), (SlackCalls(world), world.Wire.Sent.Count));
        // The newest row of a call: the Connect's own row is queued without a wait, so it may commit after the held call's.
        var row = (await app.Audit(new AuditQuery { Provider = "slack" })).First(r => r.Outcome != "connected");
        Assert.Equal(("denied:policy:approval_required", 0, held.ApprovalId), (row.Outcome, row.Status, row.ApprovalId));
        return held;
    }

    [Fact]
    public async Task A_held_call_reaches_the_provider_only_once_approved_and_then_only_once()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;

        var held = await AssertHeldAsync(world, app, () => Post(app));
        var again = await AssertHeldAsync(world, app, () => Post(app));
        Assert.Equal(held.ApprovalId, again.ApprovalId);                               // the same call reuses its pending approval
        Assert.True((await app.Slack.Auth.Test()).Ok);                                 // an operation not needing approval is not held
        Assert.Equal(1, SlackCalls(world));

        var pending = Assert.Single(app.Approvals.List(ApprovalStatus.Pending));
        Assert.Equal((held.ApprovalId, "slack", "chat.postMessage", "POST", "/slack/api/chat.postMessage", app.Info.Id),
            (pending.Id, pending.Provider, pending.Operation, pending.Method, pending.Url, app.Info.Id));
        Assert.Equal(Principal.ForApp(app.Info.Id).Key, pending.Principal);
        Assert.Contains("deploy to production", pending.BodyPreview, StringComparison.Ordinal);
        Assert.Equal(held.ExpiresAt, pending.ExpiresAt);

        var approved = app.Approvals.Approve(held.ApprovalId, "ops@example.com");
        Assert.Equal((ApprovalStatus.Approved, "ops@example.com"), (approved.Status, approved.DecidedBy));

        Assert.True((await Post(app)).Ok);
        Assert.Equal(2, SlackCalls(world));
        var ok = (await app.Audit(new AuditQuery { Provider = "slack" })).First();
        Assert.Equal(("ok", "chat.postMessage", held.ApprovalId), (ok.Outcome, ok.Operation, ok.ApprovalId));
        Assert.Equal(ApprovalStatus.Used, app.Approvals.Get(held.ApprovalId)!.Status);

        // The approval is used up: the same call again is held for a new one.
        var next = await AssertHeldAsync(world, app, () => Post(app));
        Assert.NotEqual(held.ApprovalId, next.ApprovalId);
        Assert.Equal(2, SlackCalls(world));
    }

    [Fact]
    public async Task A_changed_argument_needs_its_own_approval()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;

        var held = await AssertHeldAsync(world, app, () => Post(app, "restart the web tier"));
        app.Approvals.Approve(held.ApprovalId, "ops");

        // Another text, another channel: not what the human approved.
        var otherText = await AssertHeldAsync(world, app, () => Post(app, "restart the database"));
        var otherChannel = await AssertHeldAsync(world, app, () => app.Slack.Chat.PostMessage(new() { Channel = "#random", Text = "restart the web tier" }));
        Assert.Equal(3, new[] { held.ApprovalId, otherText.ApprovalId, otherChannel.ApprovalId }.Distinct().Count());
        Assert.Equal(0, SlackCalls(world));

        Assert.True((await Post(app, "restart the web tier")).Ok);                     // the approved call is still usable
        Assert.Equal(1, SlackCalls(world));
    }

    [Fact]
    public async Task A_denied_call_throws_the_denial_once_and_is_never_sent()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;

        var held = await AssertHeldAsync(world, app, () => Post(app));
        var denied = app.Approvals.Deny(held.ApprovalId, "ops", "not during the freeze");
        Assert.Equal((ApprovalStatus.Denied, "not during the freeze"), (denied.Status, denied.Reason));

        var error = await Assert.ThrowsAsync<ApprovalDeniedException>(() => Post(app));
        Assert.IsAssignableFrom<PolicyDeniedException>(error);                        // existing catch sites still catch it
        Assert.Equal((PolicyRules.ApprovalDenied, held.ApprovalId, "ops", "not during the freeze"), (error.Rule, error.ApprovalId, error.DecidedBy, error.Reason));
        Assert.Contains("not during the freeze", error.Message, StringComparison.Ordinal);
        // The newest row of a call: the Connect's own row is queued without a wait, so it may commit after the held call's.
        var row = (await app.Audit(new AuditQuery { Provider = "slack" })).First(r => r.Outcome != "connected");
        Assert.Equal(("denied:policy:approval_denied", held.ApprovalId), (row.Outcome, row.ApprovalId));
        Assert.Equal(0, SlackCalls(world));
        Assert.DoesNotContain(world.Wire.Sent, s => s.Uri.AbsolutePath.EndsWith("chat.postMessage", StringComparison.Ordinal));

        // The denial is reported once; asking again files a new approval, and a decided one cannot be decided again.
        var next = await AssertHeldAsync(world, app, () => Post(app));
        Assert.NotEqual(held.ApprovalId, next.ApprovalId);
        var twice = Assert.Throws<ApprovalStateException>(() => app.Approvals.Approve(held.ApprovalId, "someone else"));
        Assert.Equal(ApprovalStatus.Denied, twice.Status);
        Assert.Contains("already denied", twice.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Denied, app.Approvals.Get(held.ApprovalId)!.Status);
    }

    [Fact]
    public async Task Approvals_expire_pending_and_unused_on_the_options_clock()
    {
        var (world, app) = await StartAsync(fakeTime: true);
        await using var _w = world;
        await using var _a = app;

        var held = await AssertHeldAsync(world, app, () => Post(app));
        world.Time!.Advance(TimeSpan.FromHours(24));                                   // the default pending lifetime
        Assert.Equal(ApprovalStatus.Expired, app.Approvals.Get(held.ApprovalId)!.Status);
        var late = Assert.Throws<ApprovalStateException>(() => app.Approvals.Approve(held.ApprovalId, "ops"));
        Assert.Equal(ApprovalStatus.Expired, late.Status);
        Assert.Contains("expired", late.Message, StringComparison.Ordinal);

        var fresh = await AssertHeldAsync(world, app, () => Post(app));                // asking again files a new one
        Assert.NotEqual(held.ApprovalId, fresh.ApprovalId);
        app.Approvals.Approve(fresh.ApprovalId, "ops");
        world.Time.Advance(TimeSpan.FromHours(1));                                     // approved, but not used within the hour
        Assert.Equal(ApprovalStatus.Expired, app.Approvals.Get(fresh.ApprovalId)!.Status);
        var third = await AssertHeldAsync(world, app, () => Post(app));
        Assert.NotEqual(fresh.ApprovalId, third.ApprovalId);
        Assert.Equal(0, SlackCalls(world));

        Assert.Equal([third.ApprovalId], app.Approvals.List(ApprovalStatus.Pending).Select(a => a.Id));
        Assert.Equal(2, app.Approvals.List(ApprovalStatus.Expired).Count);
    }

    [Fact]
    public async Task One_approval_lets_exactly_one_of_many_concurrent_identical_calls_through()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;

        var held = await AssertHeldAsync(world, app, () => Post(app));
        app.Approvals.Approve(held.ApprovalId, "ops");

        var calls = Enumerable.Range(0, 12).Select(_ => Task.Run(() => Post(app))).ToArray();
        try { await Task.WhenAll(calls); } catch (ApprovalPendingException) { }

        Assert.Equal(1, calls.Count(c => c.IsCompletedSuccessfully));
        Assert.All(calls.Where(c => !c.IsCompletedSuccessfully), c => Assert.IsType<ApprovalPendingException>(c.Exception!.InnerException));
        Assert.Equal(1, SlackCalls(world));
        // The eleven losers share one new pending approval: no duplicates.
        Assert.Single(calls.Where(c => c.IsFaulted).Select(c => ((ApprovalPendingException)c.Exception!.InnerException!).ApprovalId).Distinct());
        Assert.Single(app.Approvals.List(ApprovalStatus.Pending));
    }

    [Fact]
    public async Task An_approval_binds_its_principal_and_app_and_is_not_usable_by_another()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;
        await app.Connect(["slack"], new ConnectOptions { Owner = Alice });
        await app.Connect(["slack"], new ConnectOptions { Owner = Bob });

        var alices = await AssertHeldAsync(world, app, () => app.Slack.ForUser(Alice).Chat.PostMessage(new() { Channel = "#general", Text = "same words" }));
        app.Approvals.Approve(alices.ApprovalId, "ops");

        // Bob's identical call (his own grant) is not what was approved.
        var bobs = await AssertHeldAsync(world, app, () => app.Slack.ForUser(Bob).Chat.PostMessage(new() { Channel = "#general", Text = "same words" }));
        Assert.NotEqual(alices.ApprovalId, bobs.ApprovalId);
        // Nor the app's own.
        await AssertHeldAsync(world, app, () => Post(app, "same words"));

        // Another app on the same store sees none of this app's approvals and cannot decide them.
        var admin = AlterAdmin.Open(world.Options);
        admin.CreateApp("other");
        await using var other = new App(admin.MintKey("other").ApiKey, world.Options);
        Assert.Null(other.Approvals.Get(alices.ApprovalId));
        Assert.Empty(other.Approvals.List());
        var foreign = Assert.Throws<ApprovalStateException>(() => other.Approvals.Approve(bobs.ApprovalId, "intruder"));
        Assert.Null(foreign.Status);
        Assert.Throws<ApprovalStateException>(() => other.Approvals.Deny(bobs.ApprovalId, "intruder"));
        Assert.Equal(ApprovalStatus.Pending, app.Approvals.Get(bobs.ApprovalId)!.Status);

        Assert.Equal(0, SlackCalls(world));
        Assert.True((await app.Slack.ForUser(Alice).Chat.PostMessage(new() { Channel = "#general", Text = "same words" })).Ok);
        Assert.Equal(1, SlackCalls(world));
    }

    [Fact]
    public async Task An_approval_binds_its_grant_and_is_not_usable_under_another_of_the_same_principal()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;
        var first = app.ListGrants("slack").Single().Id;
        // A second grant of the same principal (another workspace); held calls never send its (fake) token.
        var second = app.GrantStore.Save("slack", Principal.ForApp(app.Info.Id), "T0OTHER/U0OTHER", ["chat:write", "channels:read"],
            new Vault.TokenSet("fake-token-other-workspace", null, null)).Id;
        Assert.NotEqual(first, second);
        Task<ChatPostMessageResponse> PostUnder(string grant) => app.Slack.WithGrant(grant).Chat.PostMessage(new() { Channel = "#general", Text = "same words" });

        var held = await AssertHeldAsync(world, app, () => PostUnder(first));
        app.Approvals.Approve(held.ApprovalId, "ops");
        var other = await AssertHeldAsync(world, app, () => PostUnder(second));
        Assert.NotEqual(held.ApprovalId, other.ApprovalId);
        Assert.Equal(second, app.Approvals.Get(other.ApprovalId)!.GrantId);
        Assert.Equal(0, SlackCalls(world));
        Assert.True((await PostUnder(first)).Ok);
    }

    [Fact]
    public async Task An_agent_cannot_list_or_decide_approvals_and_its_own_held_call_waits_for_the_apps_human()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;
        var held = await AssertHeldAsync(world, app, () => Post(app));
        var agent = app.Agents.Create("bot", PostNeedsApproval());
        await using var asAgent = new App(agent.Key.ApiKey, world.Options);

        Assert.Throws<AgentAccessException>(() => asAgent.Approvals.Approve(held.ApprovalId, "bot"));
        Assert.Throws<AgentAccessException>(() => asAgent.Approvals.Deny(held.ApprovalId, "bot"));
        Assert.Throws<AgentAccessException>(() => asAgent.Approvals.List());
        Assert.Throws<AgentAccessException>(() => asAgent.Approvals.Get(held.ApprovalId));
        Assert.Equal(ApprovalStatus.Pending, app.Approvals.Get(held.ApprovalId)!.Status);

        // The agent's own call (its own grant) is held too, named as the agent's; the app's human approves it.
        await asAgent.Connect(["slack"]);
        var agents = await Assert.ThrowsAsync<ApprovalPendingException>(() => Post(asAgent));
        var info = app.Approvals.Get(agents.ApprovalId)!;
        Assert.Equal((agent.Agent.Principal.Key, $"agent {agent.Agent.Id}"), (info.Principal, info.Caller));
        Assert.NotEqual(held.ApprovalId, agents.ApprovalId);
        app.Approvals.Approve(agents.ApprovalId, "ops");
        Assert.True((await Post(asAgent)).Ok);
        Assert.Equal(ApprovalStatus.Pending, app.Approvals.Get(held.ApprovalId)!.Status);  // the app's own call is still held
    }

    [Fact]
    public async Task The_preview_holds_no_credential_and_bad_decider_names_are_refused()
    {
        var (world, app) = await StartAsync();
        await using var _w = world;
        await using var _a = app;
        Assert.True((await app.Slack.Auth.Test()).Ok);                                 // a token exists and was used

        var held = await AssertHeldAsync(world, app, () => Post(app, new string('x', 10_000)));
        var info = app.Approvals.Get(held.ApprovalId)!;
        Assert.True(info.BodyPreview!.Length < 4200);
        Assert.Contains("bytes in all", info.BodyPreview, StringComparison.Ordinal);
        Assert.True(info.BodyLength > 10_000);
        var secrets = world.SecretsSeen();
        Assert.NotEmpty(secrets);
        foreach (var token in secrets)
        {
            Assert.DoesNotContain(token, info.ToString() + info.BodyPreview + info.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(token, held.Message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Bearer", info.BodyPreview, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => app.Approvals.Approve(held.ApprovalId, "ops\nforged line"));
        Assert.Throws<ArgumentException>(() => app.Approvals.Approve(held.ApprovalId, ""));
        Assert.Throws<ArgumentException>(() => app.Approvals.Deny(held.ApprovalId, "ops", new string('r', 1001)));
        Assert.Equal(ApprovalStatus.Pending, app.Approvals.Get(held.ApprovalId)!.Status);
        var unknown = Assert.Throws<ApprovalStateException>(() => app.Approvals.Approve("apr_nope", "ops"));
        Assert.Null(unknown.Status);
    }
}
