using Alter.Typed.Http;
using Alter.Typed.Slack;
using Xunit;

namespace Alter.Typed.Tests.Delegations;

/// <summary>
/// Acceptance 2 and 3 of issue 13 for delegation, against the real sandbox on 127.0.0.1 and a real SQLite file: a user
/// lends one grant to one agent; the agent uses it only by naming the delegation; every call rechecks it, so expiry,
/// revocation and the user's removal each stop the agent's next call before anything is sent, with a typed error and an
/// audited denial; another agent, or a grant not delegated, is never reached; what the agent may do is the intersection
/// of the app's policy, the delegation's operations and the grant's scopes.
/// </summary>
public class DelegationTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    /// <summary>An agent's stored policy that allows every Slack and GitHub operation: these tests are about what the delegation adds.</summary>
    private static readonly AccessPolicy AnyOperation = AccessPolicy.Create("any").Allow("slack:*", "github:*").Build();

    private static readonly Principal Alice = Principal.User("https://idp.test/", "alice");
    private static readonly Principal Bob = Principal.User("https://idp.test/", "bob");

    private static int SlackCalls(TestWorld world) => world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == "slack");

    private static Task<ChatPostMessageResponse> Post(SlackClient slack) => slack.Chat.PostMessage(new() { Channel = "#general", Text = "delegated" });

    private static async Task<string> ConnectAsync(App app, string provider, Principal owner, IReadOnlyList<string>? scopes = null)
        => Assert.Single(await app.Connect([provider], new ConnectOptions { Owner = owner, Scopes = scopes })).GrantId;

    /// <summary>The app's (administration) audit row of the last call with <paramref name="operation"/>.</summary>
    private static async Task<AuditRecord> LastRowAsync(App app, string operation)
        => (await app.Audit(new AuditQuery { Limit = 1000 })).First(r => r.Operation == operation);

    /// <summary>
    /// <paramref name="call"/> is refused with <paramref name="reason"/> before anything is sent: the sandbox sees no
    /// traffic, the audit row says <c>denied:delegation:&lt;code&gt;</c> with the agent as caller, and no token is in the message.
    /// </summary>
    private static async Task<DelegationException> AssertRefusedAsync(TestWorld world, App app, CreatedAgent agent, Func<Task> call, DelegationRefusal reason, string code, string operation)
    {
        var (sent, wire) = (world.Sandbox.State.ApiRequests.Count, world.Wire.Sent.Count);
        var error = await Assert.ThrowsAsync<DelegationException>(call);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
        Assert.Equal(wire, world.Wire.Sent.Count);
        var row = await LastRowAsync(app, operation);
        Assert.Equal("denied:delegation:" + code, row.Outcome);
        Assert.Equal((agent.Agent.Principal.ToString(), 0), (row.Caller, row.Status));
        Assert.Equal(error.DelegationId, row.DelegationId);
        foreach (var secret in world.SecretsSeen().Append(agent.Key.ApiKey))
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, row.ToString(), StringComparison.Ordinal);
        }
        return error;
    }

    [Fact]
    public async Task An_agent_acts_for_the_user_only_through_the_named_delegation_and_the_audit_row_names_agent_user_and_delegation()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var bot = app.Agents.Create("bot", AnyOperation);
        var delegation = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        Assert.StartsWith("dlg_", delegation.Id, StringComparison.Ordinal);
        Assert.Equal((bot.Agent.Id, Alice, aliceSlack, "active"), (delegation.AgentId, delegation.User, delegation.GrantId, delegation.StatusAt(DateTimeOffset.UtcNow)));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);

        await Assert.ThrowsAsync<ConnectRequiredException>(() => Post(asBot.Slack));   // no delegation named: no fallback to one
        var reads = asBot.ServicesForUsers.Delegations.Reads;
        Assert.True((await Post(asBot.Slack.WithDelegation(delegation.Id))).Ok);
        Assert.True((await asBot.Slack.WithDelegation(delegation.Id).Auth.Test()).Ok);
        Assert.Equal(reads + 2, asBot.ServicesForUsers.Delegations.Reads);              // every call rechecks, no cache

        var row = await LastRowAsync(app, "chat.postMessage");
        Assert.Equal(("ok", bot.Agent.Principal.ToString(), Alice.Key, aliceSlack, delegation.Id), (row.Outcome, row.Caller, row.Principal, row.GrantId, row.DelegationId));
        Assert.Equal([delegation], app.Delegations.List(bot.Agent.Principal));
        Assert.Equal([delegation], app.Delegations.List(Alice));
        Assert.Empty(app.Delegations.List(Bob));
        Assert.Equal([delegation], asBot.Delegations.List());                           // the agent sees the ones made to it
        Assert.Equal(delegation, asBot.Delegations.Get(delegation.Id));
        Assert.Throws<AgentAccessException>(() => asBot.Delegations.List(Alice));
        Assert.Throws<AgentAccessException>(() => asBot.Delegations.Revoke(delegation.Id));
        Assert.Throws<AgentAccessException>(() => asBot.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Agent_B_cannot_use_agent_As_delegation_by_typed_call_or_Request_and_the_error_is_that_of_an_absent_one()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var (a, b) = (app.Agents.Create("agent-a", AnyOperation), app.Agents.Create("agent-b", AnyOperation));
        var delegation = app.Delegations.Create(Alice, aliceSlack, "agent-a", TimeSpan.FromHours(1));
        await using var asB = new App(b.Key.ApiKey, world.Options);
        const string absent = "dlg_000000000000000000000000";
        var tokenReads = asB.GrantStore.TokenReads;

        var typed = await AssertRefusedAsync(world, app, b, () => Post(asB.Slack.WithDelegation(delegation.Id)), DelegationRefusal.NotFound, "not_found", "chat.postMessage");
        var typedAbsent = await AssertRefusedAsync(world, app, b, () => Post(asB.Slack.WithDelegation(absent)), DelegationRefusal.NotFound, "not_found", "chat.postMessage");
        Assert.Equal(typedAbsent.Message.Replace(absent, delegation.Id, StringComparison.Ordinal), typed.Message);
        var untyped = await AssertRefusedAsync(world, app, b, () => asB.Request(HttpMethod.Post, "chat.postMessage", delegation.Id), DelegationRefusal.NotFound, "not_found", "POST /chat.postMessage");
        Assert.Equal(typed.Message, untyped.Message);
        Assert.Null(asB.Delegations.Get(delegation.Id));                                // not even readable
        Assert.Empty(asB.Delegations.List());
        Assert.Equal(tokenReads, asB.GrantStore.TokenReads);                           // Alice's tokens were not even decrypted

        await using var asA = new App(a.Key.ApiKey, world.Options);
        Assert.True((await Post(asA.Slack.WithDelegation(delegation.Id))).Ok);          // A itself can

        // The app's own key cannot use a delegation either: only the agent it was made to, with its key.
        var byApp = await Assert.ThrowsAsync<DelegationException>(() => Post(app.Slack.WithDelegation(delegation.Id)));
        Assert.Equal(DelegationRefusal.NeedsAgentKey, byApp.Reason);
    }

    [Fact]
    public async Task An_agent_cannot_reach_a_users_grant_that_was_not_delegated_to_it_by_typed_call_or_Request()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var aliceGitHub = await ConnectAsync(app, "github", Alice);
        var bobSlack = await ConnectAsync(app, "slack", Bob);
        var bot = app.Agents.Create("bot", AnyOperation);
        var delegation = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        var (sent, wire) = (world.Sandbox.State.ApiRequests.Count, world.Wire.Sent.Count);

        await Assert.ThrowsAsync<GrantNotFoundException>(() => asBot.GitHub.WithGrant(aliceGitHub).Users.GetAuthenticated());
        await Assert.ThrowsAsync<GrantNotFoundException>(() => asBot.Request(HttpMethod.Get, "user", aliceGitHub));
        await Assert.ThrowsAsync<GrantNotFoundException>(() => asBot.Request(HttpMethod.Post, "auth.test", aliceSlack)); // the delegated grant, but not through the delegation
        await Assert.ThrowsAsync<GrantNotFoundException>(() => Post(asBot.Slack.WithGrant(aliceSlack)));
        // Through the delegation, but naming another grant, another provider, or another user.
        await Assert.ThrowsAsync<GrantNotFoundException>(() => Post(asBot.Slack.WithDelegation(delegation.Id).WithGrant(bobSlack)));
        await Assert.ThrowsAsync<GrantNotFoundException>(() => asBot.GitHub.WithDelegation(delegation.Id).Users.GetAuthenticated());
        await Assert.ThrowsAsync<AgentAccessException>(() => Post(asBot.Slack.WithDelegation(delegation.Id).ForUser(Bob)));
        await Assert.ThrowsAsync<AgentAccessException>(() => Post(asBot.Slack.ForUser(Alice)));

        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
        Assert.Equal(wire, world.Wire.Sent.Count);
        var denied = await LastRowAsync(app, "users/get-authenticated");
        Assert.Equal((bot.Agent.Principal.ToString(), 0), (denied.Caller, denied.Status));
    }

    [Fact]
    public async Task A_user_delegates_only_their_own_grant_to_an_agent_of_the_app_for_a_bounded_time()
    {
        await using var world = await TestWorld.StartAsync(Store);
        world.Options.MaxDelegationLifetime = TimeSpan.FromDays(7);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var bobSlack = await ConnectAsync(app, "slack", Bob);
        var appSlack = Assert.Single(await app.Connect(["slack"])).GrantId;
        app.Agents.Create("bot", AnyOperation);
        var day = TimeSpan.FromDays(1);

        // A web app passes its signed-in user: a grant id from the browser that is not theirs is "not found".
        var foreign = Assert.Throws<GrantNotFoundException>(() => app.Delegations.Create(Alice, bobSlack, "bot", day));
        var absent = Assert.Throws<GrantNotFoundException>(() => app.Delegations.Create(Alice, "grant_0000000000000000000000000000000000000000", "bot", day));
        Assert.Equal(absent.Message.Replace("grant_0000000000000000000000000000000000000000", bobSlack, StringComparison.Ordinal), foreign.Message);
        Assert.Throws<GrantNotFoundException>(() => app.Delegations.Create(Alice, appSlack, "bot", day));
        Assert.Throws<ArgumentException>(() => app.Delegations.Create(Principal.ForApp(app.Info.Id), appSlack, "bot", day)); // only users delegate
        Assert.Throws<AlterException>(() => app.Delegations.Create(Alice, aliceSlack, "no-such-agent", day));
        Assert.Throws<ArgumentOutOfRangeException>(() => app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromDays(7.01)));
        Assert.Throws<ArgumentException>(() => app.Delegations.Create(Alice, aliceSlack, "bot", day, []));
        Assert.Throws<ArgumentException>(() => app.Delegations.Create(Alice, aliceSlack, "bot", day, ["github:issues/*"]));
        Assert.Throws<ArgumentException>(() => app.Delegations.Create(Alice, aliceSlack, "bot", day, ["chat.postMessage"]));
        Assert.Empty(app.Delegations.List());

        var made = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromDays(7), [SlackOperations.ChatPostMessage]);
        Assert.Equal([SlackOperations.ChatPostMessage], made.Operations);
        var read = app.Delegations.Get(made.Id)!;
        Assert.Equal((made.Id, made.ExpiresAt), (read.Id, read.ExpiresAt));
        Assert.Equal([SlackOperations.ChatPostMessage], read.Operations);
    }

    [Fact]
    public async Task A_web_app_delegates_and_revokes_only_for_its_signed_in_user_and_only_that_users_grants()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var admin = world.OpenApp();
        var aliceSlack = await ConnectAsync(admin, "slack", Alice);
        var bobSlack = await ConnectAsync(admin, "slack", Bob);
        var bot = admin.Agents.Create("bot", AnyOperation);
        Principal? signedIn = null;
        world.Options.PrincipalSource = _ => ValueTask.FromResult(signedIn);
        Delegation delegation;
        await using (var web = world.OpenApp())
        {
            await Assert.ThrowsAsync<AlterException>(() => web.Delegations.CreateForSignedInUserAsync(aliceSlack, "bot", TimeSpan.FromHours(1))); // nobody signed in
            signedIn = Alice;
            await Assert.ThrowsAsync<GrantNotFoundException>(() => web.Delegations.CreateForSignedInUserAsync(bobSlack, "bot", TimeSpan.FromHours(1))); // Bob's grant id, from Alice's browser
            delegation = await web.Delegations.CreateForSignedInUserAsync(aliceSlack, "bot", TimeSpan.FromHours(1));
            Assert.Equal(Alice, delegation.User);
            signedIn = Bob;
            Assert.False(await web.Delegations.RevokeForSignedInUserAsync(delegation.Id));  // Bob cannot stop Alice's
        }
        world.Options.PrincipalSource = null;                                          // an agent's app names no one else
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        Assert.True((await Post(asBot.Slack.WithDelegation(delegation.Id))).Ok);
        Assert.Single(admin.Delegations.List());
    }

    [Fact]
    public async Task Expiry_stops_the_agents_next_call_on_the_options_clock()
    {
        await using var world = await TestWorld.StartAsync(Store, fakeTime: true);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var bot = app.Agents.Create("bot", AnyOperation);
        var delegation = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        var slack = asBot.Slack.WithDelegation(delegation.Id);
        world.Time!.Advance(TimeSpan.FromMinutes(59));
        Assert.True((await Post(slack)).Ok);

        world.Time.Advance(TimeSpan.FromMinutes(1));

        var error = await AssertRefusedAsync(world, app, bot, () => Post(slack), DelegationRefusal.Expired, "expired", "chat.postMessage");
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Contains("new delegation", error.Message, StringComparison.Ordinal);      // says what to do
        await AssertRefusedAsync(world, app, bot, () => asBot.Request(HttpMethod.Post, "auth.test", delegation.Id), DelegationRefusal.Expired, "expired", "POST /auth.test");
        Assert.Equal("expired", app.Delegations.Get(delegation.Id)!.StatusAt(world.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Revocation_by_the_user_stops_the_agents_next_call_and_only_the_user_who_delegated_can_revoke()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var bot = app.Agents.Create("bot", AnyOperation);
        var delegation = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        var slack = asBot.Slack.WithDelegation(delegation.Id);
        Assert.True((await Post(slack)).Ok);

        Assert.False(app.Delegations.Revoke(Bob, delegation.Id));                      // not Bob's: as if absent
        Assert.True((await Post(slack)).Ok);
        Assert.True(app.Delegations.Revoke(Alice, delegation.Id));
        Assert.False(app.Delegations.Revoke(Alice, delegation.Id));

        var error = await AssertRefusedAsync(world, app, bot, () => Post(slack), DelegationRefusal.Revoked, "revoked", "chat.postMessage");
        Assert.Contains("revoked", error.Message, StringComparison.Ordinal);
        await AssertRefusedAsync(world, app, bot, () => asBot.Request(HttpMethod.Post, "auth.test", delegation.Id), DelegationRefusal.Revoked, "revoked", "POST /auth.test");
        Assert.Equal("revoked", app.Delegations.Get(delegation.Id)!.StatusAt(DateTimeOffset.UtcNow));

        // The app revokes too (administration), whoever delegated.
        var again = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        Assert.True((await Post(asBot.Slack.WithDelegation(again.Id))).Ok);
        Assert.True(app.Delegations.Revoke(again.Id));
        await AssertRefusedAsync(world, app, bot, () => Post(asBot.Slack.WithDelegation(again.Id)), DelegationRefusal.Revoked, "revoked", "chat.postMessage");
    }

    [Fact]
    public async Task Removing_the_user_or_revoking_the_grant_stops_the_agents_next_call()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var bobSlack = await ConnectAsync(app, "slack", Bob);
        var bot = app.Agents.Create("bot", AnyOperation);
        var fromAlice = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        var fromBob = app.Delegations.Create(Bob, bobSlack, "bot", TimeSpan.FromHours(1));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        Assert.True((await Post(asBot.Slack.WithDelegation(fromAlice.Id))).Ok);
        Assert.True((await Post(asBot.Slack.WithDelegation(fromBob.Id))).Ok);

        await app.Users.Remove(Alice);

        await AssertRefusedAsync(world, app, bot, () => Post(asBot.Slack.WithDelegation(fromAlice.Id)), DelegationRefusal.NotFound, "not_found", "chat.postMessage");
        Assert.Empty(app.Delegations.List(Alice));                                     // the user's delegations went with them

        Assert.True(await app.Users.RevokeGrant(Bob, bobSlack));                       // the grant goes, the delegation stays dead
        var error = await AssertRefusedAsync(world, app, bot, () => Post(asBot.Slack.WithDelegation(fromBob.Id)), DelegationRefusal.GrantRemoved, "grant_removed", "chat.postMessage");
        Assert.Contains("connect again", error.Message, StringComparison.Ordinal);

        await app.Agents.Remove("bot");
        Assert.Empty(app.Delegations.List());                                          // an agent removed holds none
    }

    [Fact]
    public async Task The_delegations_operations_narrow_what_the_agent_may_call_as_a_deny_rule_of_the_policy_slot()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var aliceSlack = await ConnectAsync(app, "slack", Alice);
        var bot = app.Agents.Create("bot", AnyOperation);
        var delegation = app.Delegations.Create(Alice, aliceSlack, "bot", TimeSpan.FromHours(1), ["slack:chat.*"]);
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        var slack = asBot.Slack.WithDelegation(delegation.Id);
        Assert.True((await Post(slack)).Ok);
        var (sent, wire) = (SlackCalls(world), world.Wire.Sent.Count);

        var denied = await Assert.ThrowsAsync<PolicyDeniedException>(() => slack.Auth.Test());
        var mapped = await Assert.ThrowsAsync<PolicyDeniedException>(() => asBot.Request(HttpMethod.Post, "auth.test", delegation.Id));
        var untyped = await Assert.ThrowsAsync<PolicyDeniedException>(() => asBot.Request(HttpMethod.Post, "chat.postMessage/", delegation.Id));

        Assert.Equal(PolicyRules.DelegationOperationNotAllowed, denied.Rule);
        Assert.Equal(PolicyRules.DelegationOperationNotAllowed, mapped.Rule);         // Request maps to auth.test: the same rule
        Assert.Equal(PolicyRules.UnknownOperation, untyped.Rule);                      // a request that maps to no operation: denied
        Assert.Equal((sent, wire), (SlackCalls(world), world.Wire.Sent.Count));
        using (var posted = await asBot.Request(HttpMethod.Post, "chat.postMessage", delegation.Id,
                   new FormUrlEncodedContent([new("channel", "#general"), new("text", "by Request")])))
            Assert.True(posted.IsSuccessStatusCode);                                   // maps to chat.postMessage, which it names
        Assert.Equal(sent + 1, SlackCalls(world));
        var row = await LastRowAsync(app, "auth.test");
        Assert.Equal(("denied:policy:delegation_operation_not_allowed", delegation.Id, Alice.Key, 0), (row.Outcome, row.DelegationId, row.Principal, row.Status));
        row = await LastRowAsync(app, "chat.postMessage");
        Assert.Equal(("ok", delegation.Id, Alice.Key), (row.Outcome, row.DelegationId, row.Principal));
    }

    [Fact]
    public async Task The_agent_may_do_the_intersection_of_its_policy_the_delegation_and_a_grant_whose_scopes_are_narrower_than_the_policy()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var narrow = await ConnectAsync(app, "slack", Alice, scopes: ["channels:read"]);   // no chat:write
        var bot = app.Agents.Create("bot", AccessPolicy.Create("bot")                      // the agent's own stored policy
            .Allow(SlackOperations.ChatPostMessage, SlackOperations.ConversationsList).Build());
        var delegation = app.Delegations.Create(Alice, narrow, "bot", TimeSpan.FromHours(1));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        var slack = asBot.Slack.WithDelegation(delegation.Id);

        Assert.True((await slack.Conversations.List()).Ok);                            // policy, delegation and scopes all allow
        var (sent, wire) = (SlackCalls(world), world.Wire.Sent.Count);

        var scope = await Assert.ThrowsAsync<PolicyDeniedException>(() => Post(slack)); // the policy allows it, the grant cannot
        var policy = await Assert.ThrowsAsync<PolicyDeniedException>(() => slack.Auth.Test()); // the grant could, the policy does not

        Assert.Equal(PolicyRules.GrantScopeMissing, scope.Rule);
        Assert.Contains("chat:write", scope.Message, StringComparison.Ordinal);
        Assert.Equal(PolicyRules.OperationNotAllowed, policy.Rule);
        Assert.Equal((sent, wire), (SlackCalls(world), world.Wire.Sent.Count));
        Assert.Equal("denied:policy:grant_scope_missing", (await LastRowAsync(app, "chat.postMessage")).Outcome);
        foreach (var secret in world.SecretsSeen()) Assert.DoesNotContain(secret, scope.Message, StringComparison.Ordinal);
    }
}
