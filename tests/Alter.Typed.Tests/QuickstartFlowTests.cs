using Alter.Typed.Slack;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>The quickstart's path, end to end: connect, typed call, audit row.</summary>
public class QuickstartFlowTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    [Fact]
    public async Task Connect_then_post_message_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();

        var ada = Principal.User("https://idp.example/", "ada");
        var results = await app.Connect(["slack"], new ConnectOptions { Owner = ada });
        var grantId = Assert.Single(results).GrantId;
        Assert.StartsWith("grant_", grantId);
        Assert.Equal(ada, results[0].Owner);

        var sent = await app.Slack.ForUser(ada).WithGrant(grantId).Chat.PostMessage(new() { Channel = "#general", Text = "Hello from Alter." });

        Assert.True(sent.Ok);
        Assert.False(string.IsNullOrEmpty(sent.Ts));
        Assert.Equal("C0GENERAL", sent.Channel);
        var message = Assert.Single(world.Sandbox.State.Messages);
        Assert.Equal("Hello from Alter.", message.Text);

        var audit = await app.Audit(new AuditQuery { Provider = "slack" });
        var row = audit.First(r => r.Operation == "chat.postMessage");
        Assert.Equal("tests", row.Caller);
        Assert.Equal(ada.Key, row.Principal);
        Assert.Equal("slack", row.Provider);
        Assert.Equal(grantId, row.GrantId);
        Assert.Equal(200, row.Status);
        Assert.Equal("ok", row.Outcome);
        Assert.True(row.LatencyMs > 0);
        Assert.False(row.TokenRefreshed);
        Assert.Contains(audit, r => r.Operation == "connect" && r.Outcome == "connected");
    }

    [Fact]
    public async Task Call_without_grant_id_uses_the_only_grant_and_github_typed_calls_work()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        await app.Connect(["github"]);

        var me = await app.GitHub.Users.GetAuthenticated();
        Assert.Equal("octo-sandbox", me.Login);

        var created = await app.GitHub.Issues.Create("octo-sandbox", "hello-world", new() { Title = "Found a bug", Body = "It happens.", Labels = ["bug"] });
        Assert.Equal("Found a bug", created.Title);

        var page = await app.GitHub.Issues.ListForRepo("octo-sandbox", "hello-world", new() { State = "open", PerPage = 2 });
        Assert.Equal(2, page.Count);
    }

    [Fact]
    public async Task Slack_ok_false_becomes_a_typed_provider_error()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        await app.Connect(["slack"]);

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Slack.Chat.PostMessage(new() { Channel = "#nowhere", Text = "x" }));

        Assert.Equal("channel_not_found", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, error.StatusCode);
        var row = (await app.Audit()).First(r => r.Operation == "chat.postMessage");
        Assert.Equal("provider_error:channel_not_found", row.Outcome);
    }

    [Fact]
    public async Task No_grant_gives_an_error_that_says_to_connect()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();

        var error = await Assert.ThrowsAsync<ConnectRequiredException>(() => app.Slack.Auth.Test());

        Assert.Contains("Connect", error.Message);
        Assert.Empty(world.Wire.Sent);
    }

    [Fact]
    public async Task Two_grants_of_one_owner_for_one_provider_need_WithAccount_or_WithGrant()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var real = (await app.Connect(["slack"]))[0];
        var other = app.GrantStore.Save("slack", Principal.ForApp(app.Info.Id), "T0OTHER/U0OTHER", ["chat:write"], new Vault.TokenSet("fake-token-other-account", null, null));

        var error = await Assert.ThrowsAsync<AmbiguousGrantException>(() => app.Slack.Auth.Test());

        Assert.Equal([real.GrantId, other.Id], error.GrantIds);
        Assert.Equal([real.Account, "T0OTHER/U0OTHER"], error.Accounts);
        Assert.Equal(("slack", Principal.ForApp(app.Info.Id)), (error.Provider, error.Principal));
        Assert.Contains("WithAccount", error.Message);
        Assert.Empty(world.Sandbox.State.ApiRequests);                       // nothing was sent: never "the first one"
        var me = await app.Slack.WithAccount(real.Account!).Auth.Test();
        Assert.True(me.Ok);
        Assert.DoesNotContain(world.Sandbox.State.ApiRequests, r => r.Authorization == "Bearer fake-token-other-account");
    }

    [Fact]
    public async Task Reconnecting_the_same_slack_account_keeps_the_grant_id()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();

        var first = (await app.Connect(["slack"]))[0];
        var second = (await app.Connect(["slack"]))[0];

        Assert.Equal(first.GrantId, second.GrantId);
        Assert.Single(app.ListGrants("slack"));
    }
}
