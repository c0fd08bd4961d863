using System.Net.Http.Json;
using Alter.Typed.Http;
using Alter.Typed.Slack;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Alter.Typed.Tests.Policy;

/// <summary>
/// Acceptance 1 of issue 13 through an agent's stored policy: each rule (provider, operation, scopes, time window, rate
/// limit, approval, empty policy, evaluation failure, unknown operation) allows and denies a real call of an app opened
/// with the agent's key to the sandbox's Slack. A denied call leaves the sandbox's traffic untouched and writes an audit
/// row <c>denied:policy:&lt;rule&gt;</c>. An agent without a policy, or with one that cannot be read, may call nothing.
/// </summary>
public sealed class AgentPolicySandboxTests
{
    /// <summary>
    /// A world, its app (the app's key), an agent created with <paramref name="policy"/> (none when null), the app opened as
    /// that agent, and the agent's own Slack grant (default scopes: chat:write, channels:read).
    /// </summary>
    private static async Task<Agent> StartAsync(Func<TestWorld, AccessPolicy>? policy, bool fakeTime = false)
    {
        var world = await TestWorld.StartAsync(fakeTime);
        var app = world.OpenApp();
        var created = policy is null ? app.Agents.Create("bot") : app.Agents.Create("bot", policy(world));
        var asAgent = new App(created.Key.ApiKey, world.Options);
        var grantId = await CatalogCalls.ConnectAsync(asAgent, "slack");
        return new Agent(world, app, asAgent, created, grantId);
    }

    private static Task<Agent> StartAsync(AccessPolicy policy, bool fakeTime = false) => StartAsync(_ => policy, fakeTime);

    private sealed record Agent(TestWorld World, App App, App AsAgent, CreatedAgent Created, string GrantId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await AsAgent.DisposeAsync();
            await App.DisposeAsync();
            await World.DisposeAsync();
        }
    }

    private static int SlackCalls(TestWorld world) => world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == "slack");

    private static Task<ChatPostMessageResponse> Post(App app) => app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "agent policy test" });

    private static async Task<HttpResponseMessage> PostByRequest(Agent a, string path = "chat.postMessage")
        => (await a.AsAgent.Request(HttpMethod.Post, path, a.GrantId, JsonContent.Create(new Dictionary<string, string> { ["channel"] = "#general", ["text"] = "untyped" }))).EnsureSuccessStatusCode();

    /// <summary>The call is denied with <paramref name="rule"/>, nothing left the process, and the agent's audit row says so.</summary>
    /// <param name="operation">The audit row's operation; null: an unmapped <c>POST /…</c>.</param>
    private static async Task<PolicyDeniedException> AssertDeniedAsync(Agent a, Func<Task> call, string rule, string? operation)
    {
        var (before, sentBefore) = (SlackCalls(a.World), a.World.Wire.Sent.Count);
        var rowsBefore = (await a.AsAgent.Audit(new AuditQuery { Limit = 1000 })).Count;   // the agent's own rows (its queue written first)

        var error = await Assert.ThrowsAnyAsync<PolicyDeniedException>(call);   // a held call: the derived ApprovalPendingException

        Assert.Equal(rule, error.Rule);
        Assert.Equal(before, SlackCalls(a.World));
        Assert.Equal(sentBefore, a.World.Wire.Sent.Count);
        var rows = await a.AsAgent.Audit(new AuditQuery { Limit = 1000 });
        Assert.Equal(rowsBefore + 1, rows.Count);
        var row = rows[0];
        Assert.Equal((operation ?? row.Operation, "denied:policy:" + rule, 0), (row.Operation, row.Outcome, row.Status));
        if (operation is null) Assert.StartsWith("POST /slack/api/", row.Operation, StringComparison.Ordinal);
        Assert.Equal((a.Created.Agent.Principal.Key, "agent " + a.Created.Agent.Id, a.GrantId), (row.Principal, row.Caller, row.GrantId));
        foreach (var token in a.World.SecretsSeen())
        {
            Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(token, row.ToString(), StringComparison.Ordinal);
        }
        return error;
    }

    private static async Task AssertAllowedAsync(Agent a, Func<Task> call, string operation)
    {
        var before = SlackCalls(a.World);
        await call();
        Assert.Equal(before + 1, SlackCalls(a.World));
        var row = (await a.App.Audit(new AuditQuery { Limit = 1 }))[0];
        Assert.Equal((operation, "ok", a.Created.Agent.Principal.Key), (row.Operation, row.Outcome, row.Principal));
    }

    [Fact]
    public async Task An_agent_without_a_policy_may_call_nothing_until_it_is_given_one()
    {
        await using var a = await StartAsync((Func<TestWorld, AccessPolicy>?)null, fakeTime: true);

        var denied = await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.NoRule, "chat.postMessage");
        await AssertDeniedAsync(a, () => a.AsAgent.Slack.Auth.Test(), PolicyRules.NoRule, "auth.test");
        await AssertDeniedAsync(a, () => a.AsAgent.Request(HttpMethod.Get, "no.such.method", a.GrantId), PolicyRules.NoRule, "GET /slack/api/no.such.method");
        Assert.Contains("has no access policy", denied.Message, StringComparison.Ordinal);
        Assert.Contains("alter agents policy bot", denied.Message, StringComparison.Ordinal);
        Assert.Null(a.App.Agents.Show("bot")!.Policy);
        Assert.Equal(0, SlackCalls(a.World));

        a.App.Agents.SetPolicy("bot", AccessPolicy.Create("poster").Allow(SlackOperations.ChatPostMessage).Build());
        await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.NoRule, "chat.postMessage"); // the open app re-reads on its interval
        a.World.Time!.Advance(a.World.Options.ApiKeyCheckInterval);
        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");
        await using (var reopened = new App(a.Created.Key.ApiKey, a.World.Options))
            Assert.True((await Post(reopened)).Ok);                                         // a newly opened app reads it at once
    }

    [Fact]
    public async Task A_narrowed_or_removed_policy_stops_a_running_agent_app_within_the_check_interval()
    {
        await using var a = await StartAsync(AccessPolicy.Create("wide").Allow("slack:*").Build(), fakeTime: true);
        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");

        a.App.Agents.SetPolicy(a.Created.Agent.Id, AccessPolicy.Create("narrow").Allow(SlackOperations.AuthTest).Build());
        a.World.Time!.Advance(a.World.Options.ApiKeyCheckInterval - TimeSpan.FromSeconds(1));
        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");          // the last read is still current
        a.World.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.OperationNotAllowed, "chat.postMessage");
        await AssertAllowedAsync(a, () => a.AsAgent.Slack.Auth.Test(), "auth.test");

        Assert.Equal([SlackOperations.AuthTest], a.AsAgent.ServicesForUsers.AgentPolicy!.CurrentPolicy()!.Allowed);

        a.App.Agents.SetPolicy("bot", null);
        a.World.Time.Advance(a.World.Options.ApiKeyCheckInterval);
        await AssertDeniedAsync(a, () => a.AsAgent.Slack.Auth.Test(), PolicyRules.NoRule, "auth.test");
        Assert.Null(a.AsAgent.ServicesForUsers.AgentPolicy!.CurrentPolicy());
        Assert.Null(a.App.ServicesForUsers.AgentPolicy);                                 // the app's own key has none
    }

    [Fact]
    public async Task An_empty_stored_policy_denies_everything()
    {
        await using var a = await StartAsync(AccessPolicy.Create("empty").Build());

        await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.NoRule, "chat.postMessage");
        await AssertDeniedAsync(a, () => PostByRequest(a), PolicyRules.NoRule, "chat.postMessage");
        Assert.Empty(a.App.Agents.Show("bot")!.Policy!.Allowed);
    }

    [Fact]
    public async Task A_provider_glob_allows_its_provider_and_a_policy_for_another_denies_it()
    {
        await using (var allowed = await StartAsync(AccessPolicy.Create("slack").Allow("slack:*").Build()))
        {
            await AssertAllowedAsync(allowed, () => allowed.AsAgent.Slack.Auth.Test(), "auth.test");
            await AssertAllowedAsync(allowed, () => allowed.AsAgent.Slack.Conversations.List(), "conversations.list");
        }

        await using var a = await StartAsync(AccessPolicy.Create("github").Allow("github:*").Build());
        await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.ProviderNotAllowed, "chat.postMessage");
    }

    [Fact]
    public async Task An_operation_is_allowed_by_its_constant_or_a_glob_and_its_neighbours_and_later_operations_are_not()
    {
        await using var a = await StartAsync(AccessPolicy.Create("poster").Allow(SlackOperations.ChatPostMessage, "slack:auth.*").Build());

        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");
        await AssertAllowedAsync(a, () => a.AsAgent.Slack.Auth.Test(), "auth.test");
        await AssertDeniedAsync(a, () => a.AsAgent.Slack.Conversations.List(), PolicyRules.OperationNotAllowed, "conversations.list");
    }

    [Fact]
    public async Task Scopes_the_policy_allows_pass_and_a_grant_holding_more_is_denied()
    {
        await using (var allowed = await StartAsync(AccessPolicy.Create("scoped").Allow("slack:*").AllowScopes("chat:write", "channels:read").Build()))
            await AssertAllowedAsync(allowed, () => Post(allowed.AsAgent), "chat.postMessage");

        await using var a = await StartAsync(AccessPolicy.Create("chat only").Allow("slack:*").AllowScopes("chat:write").Build());
        await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.ScopeNotAllowed, "chat.postMessage");    // the grant also holds channels:read
    }

    [Fact]
    public async Task A_stored_maximum_delegation_lifetime_denies_a_delegation_made_for_longer_and_allows_a_shorter_one()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var alice = Principal.User("https://idp.test/", "alice");
        var aliceSlack = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = alice })).GrantId;
        var bot = app.Agents.Create("bot", AccessPolicy.Create("short").Allow("slack:*").MaxDelegationLifetime(TimeSpan.FromDays(1)).Build());
        var week = app.Delegations.Create(alice, aliceSlack, "bot", TimeSpan.FromDays(7));
        var hour = app.Delegations.Create(alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        var sent = SlackCalls(world);

        var denied = await Assert.ThrowsAsync<PolicyDeniedException>(() => asBot.Slack.WithDelegation(week.Id).Auth.Test());

        Assert.Equal(PolicyRules.LifetimeExceeded, denied.Rule);
        Assert.Equal(sent, SlackCalls(world));
        var row = (await app.Audit(new AuditQuery { Limit = 10 })).First(r => r.Operation == "auth.test");
        Assert.Equal(("denied:policy:lifetime_exceeded", week.Id, 0), (row.Outcome, row.DelegationId, row.Status));
        Assert.True((await asBot.Slack.WithDelegation(hour.Id).Auth.Test()).Ok);
        Assert.Equal(TimeSpan.FromDays(1), app.Agents.Show("bot")!.Policy!.MaxDelegationLifetime);   // stored and read back
    }

    [Fact]
    public async Task A_stored_time_window_allows_inside_and_denies_outside_on_the_options_clock()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Etc/GMT-2");                   // UTC+2, a system zone: stored by its id
        await using var a = await StartAsync(w => AccessPolicy.Create("today").Allow("slack:*")
            .During(new TimeWindow(zone, TimeOnly.MinValue, TimeOnly.MinValue, TimeZoneInfo.ConvertTime(w.Time!.GetUtcNow(), zone).DayOfWeek)).Build(), fakeTime: true);

        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");
        a.World.Time!.Advance(TimeSpan.FromDays(1));
        await AssertDeniedAsync(a, () => a.AsAgent.Slack.Auth.Test(), PolicyRules.OutsideTimeWindow, "auth.test");
        a.World.Time.Advance(TimeSpan.FromDays(6));
        await AssertAllowedAsync(a, () => a.AsAgent.Slack.Auth.Test(), "auth.test");
        var window = Assert.Single(a.App.Agents.Show("bot")!.Policy!.TimeWindows);
        Assert.Equal("Etc/GMT-2", window.Zone.Id);
    }

    [Fact]
    public async Task The_rate_limit_is_the_agents_shared_by_its_open_apps_and_not_another_agents()
    {
        var policy = AccessPolicy.Create("two a minute").Allow("slack:*").RateLimit(2, TimeSpan.FromMinutes(1)).Build();
        await using var a = await StartAsync(policy, fakeTime: true);
        var other = a.App.Agents.Create("other-bot", policy);
        await using var asOther = new App(other.Key.ApiKey, a.World.Options);
        await CatalogCalls.ConnectAsync(asOther, "slack");
        await using var again = new App(a.Created.Key.ApiKey, a.World.Options);       // the same agent, a second app

        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");
        await AssertAllowedAsync(a, () => again.Slack.Auth.Test(), "auth.test");
        await AssertDeniedAsync(a, () => Post(again), PolicyRules.RateLimited, "chat.postMessage");
        await AssertDeniedAsync(a, () => a.AsAgent.Slack.Auth.Test(), PolicyRules.RateLimited, "auth.test");
        Assert.True((await Post(asOther)).Ok);                                          // another agent counts on its own
        Assert.True((await Post(asOther)).Ok);
        a.World.Time!.Advance(a.World.Options.ApiKeyCheckInterval);                     // a re-read of the same policy keeps the count
        await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.RateLimited, "chat.postMessage");
        a.World.Time.Advance(TimeSpan.FromMinutes(1));
        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");
    }

    [Fact]
    public async Task An_operation_needing_approval_is_held_for_a_human_and_the_others_pass()
    {
        await using var a = await StartAsync(AccessPolicy.Create("approval").Allow("slack:*").RequireApproval(SlackOperations.ChatPostMessage).Build());

        var held = await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.ApprovalRequired, "chat.postMessage");
        Assert.IsType<ApprovalPendingException>(held);
        await AssertDeniedAsync(a, () => PostByRequest(a), PolicyRules.ApprovalRequired, "chat.postMessage"); // nor by Request
        await AssertAllowedAsync(a, () => a.AsAgent.Slack.Auth.Test(), "auth.test");
    }

    [Fact]
    public async Task A_stored_policy_that_cannot_be_read_denies_everything_until_it_is_set_again()
    {
        await using var a = await StartAsync(AccessPolicy.Create("poster").Allow("slack:*").Build(), fakeTime: true);
        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");
        string[] damaged =
        [
            "{not json",
            """{"version":2,"name":"future","allow":["slack:*"],"requireApproval":[],"scopes":null,"timeWindows":[],"rateLimit":null}""",
            """{"version":1,"name":"newer rule","allow":["slack:*"],"requireApproval":[],"scopes":null,"timeWindows":[],"rateLimit":null,"maxLifetime":"1d"}""",
            """{"version":1,"name":"no approvals","allow":["slack:*"],"scopes":null,"timeWindows":[],"rateLimit":null}""",
            """{"version":1,"name":"bad glob","allow":["slack"],"requireApproval":[],"scopes":null,"timeWindows":[],"rateLimit":null}""",
            """{"version":1,"name":"zone","allow":["slack:*"],"requireApproval":[],"scopes":null,"timeWindows":[{"zone":"Mars/Olympus","start":"00:00:00.0000000","end":"00:00:00.0000000","days":["Monday"]}],"rateLimit":null}""",
            """{"version":1,"name":"rate","allow":["slack:*"],"requireApproval":[],"scopes":null,"timeWindows":[],"rateLimit":{"permits":0,"windowMs":60000}}""",
        ];

        foreach (var json in damaged)
        {
            WritePolicy(a.World, a.Created.Agent.Id, json);
            a.World.Time!.Advance(a.World.Options.ApiKeyCheckInterval);
            var error = await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.EvaluationFailed, "chat.postMessage");
            Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
            Assert.NotNull(a.App.Agents.Show("bot")!.PolicyProblem);
            Assert.Null(a.App.Agents.Show("bot")!.Policy);
        }

        a.App.Agents.SetPolicy("bot", AccessPolicy.Create("repaired").Allow("slack:*").Build());
        a.World.Time!.Advance(a.World.Options.ApiKeyCheckInterval);
        await AssertAllowedAsync(a, () => Post(a.AsAgent), "chat.postMessage");
    }

    [Fact]
    public async Task An_untyped_request_is_checked_as_the_operation_it_maps_to_and_one_that_maps_to_none_is_denied()
    {
        await using var a = await StartAsync(AccessPolicy.Create("poster").Allow(SlackOperations.ChatPostMessage).Build());

        await AssertAllowedAsync(a, async () => (await PostByRequest(a)).Dispose(), "chat.postMessage");
        await AssertAllowedAsync(a, async () => (await PostByRequest(a, a.World.Sandbox.Provider("slack").ApiBaseUrl + "chat.postMessage")).Dispose(), "chat.postMessage");
        Assert.Contains(a.World.Sandbox.State.ApiRequests, r => r.ProviderId == "slack" && r.PathAndQuery.EndsWith("/chat.postMessage", StringComparison.Ordinal));
        await AssertDeniedAsync(a, () => a.AsAgent.Request(HttpMethod.Post, "auth.test", a.GrantId), PolicyRules.OperationNotAllowed, "auth.test");
        foreach (var path in new[] { "chat.postMessage/", "chat.postmessage", "chat.postMessage/../auth.test", "chat.postMessage%2F..%2Fauth.test", "x/../chat.postMessage", "no.such.method" })
        {
            await AssertDeniedAsync(a, () => PostByRequest(a, path), PolicyRules.UnknownOperation, operation: null);
        }
        await AssertDeniedAsync(a, () => a.AsAgent.Request(HttpMethod.Get, "chat.postMessage", a.GrantId), PolicyRules.UnknownOperation, "GET /slack/api/chat.postMessage"); // the wrong method
    }

    [Fact]
    public async Task The_apps_own_policies_apply_to_an_agents_calls_too()
    {
        var world = await TestWorld.StartAsync();
        world.Options.Policies.Add(new AccessPolicyEnforcer(AccessPolicy.Create("app").Allow("slack:auth.*").Build()));
        var app = world.OpenApp();
        var created = app.Agents.Create("bot", AccessPolicy.Create("bot").Allow("slack:*").Build());
        var asAgent = new App(created.Key.ApiKey, world.Options);
        await using var a = new Agent(world, app, asAgent, created, await CatalogCalls.ConnectAsync(asAgent, "slack"));

        await AssertAllowedAsync(a, () => a.AsAgent.Slack.Auth.Test(), "auth.test");
        var error = await AssertDeniedAsync(a, () => Post(a.AsAgent), PolicyRules.OperationNotAllowed, "chat.postMessage");
        Assert.StartsWith("Access policy 'app' ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_with_a_code_condition_is_not_stored_and_Show_returns_the_stored_one()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var withCondition = AccessPolicy.Create("coded").Allow("slack:*").When(_ => true).Build();

        var refused = Assert.Throws<ArgumentException>(() => app.Agents.Create("bot", withCondition));
        Assert.Contains("condition", refused.Message, StringComparison.Ordinal);
        Assert.Null(app.Agents.Show("bot"));                                             // nothing created
        var custom = TimeZoneInfo.CreateCustomTimeZone("custom+2", TimeSpan.FromHours(2), "custom+2", "custom+2");
        Assert.Throws<ArgumentException>(() => app.Agents.Create("bot", AccessPolicy.Create("zoned").Allow("slack:*").During(TimeWindow.Weekdays(custom, new(9, 0), new(17, 0))).Build()));

        var stored = AccessPolicy.Create("full").Allow(SlackOperations.ChatPostMessage, "github:issues/*").RequireApproval("github:issues/create")
            .AllowScopes("chat:write", "repo").During(TimeWindow.Weekdays(TimeZoneInfo.Utc, new(9, 0), new(17, 30))).RateLimit(10, TimeSpan.FromMinutes(1)).Build();
        app.Agents.Create("bot", stored);
        Assert.Throws<ArgumentException>(() => app.Agents.SetPolicy("bot", withCondition));
        Assert.Throws<AlterException>(() => app.Agents.SetPolicy("nobody", stored));

        var shown = app.Agents.Show("bot")!.Policy!;
        Assert.Equal("full", shown.Name);
        Assert.Equal(stored.Allowed, shown.Allowed);
        Assert.Equal(stored.RequiringApproval, shown.RequiringApproval);
        Assert.Equal(stored.AllowedScopes, shown.AllowedScopes);
        Assert.Equal((10, TimeSpan.FromMinutes(1)), (shown.RateLimitPermits, shown.RateLimitWindow));
        var window = Assert.Single(shown.TimeWindows);
        Assert.Equal((TimeZoneInfo.Utc.Id, new TimeOnly(9, 0), new TimeOnly(17, 30), 5), (window.Zone.Id, window.Start, window.End, window.Days.Count));
        Assert.Null(shown.Condition);

        app.Agents.SetPolicy("bot", null);
        Assert.Null(app.Agents.Show("bot")!.Policy);
        Assert.Null(app.Agents.Show("bot")!.PolicyProblem);
    }

    private static void WritePolicy(TestWorld world, string agentId, string json)
    {
        using var connection = new SqliteConnection($"Data Source={world.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE agents SET policy = $p WHERE id = $id";
        command.Parameters.AddWithValue("$p", json);
        command.Parameters.AddWithValue("$id", agentId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
