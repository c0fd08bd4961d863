using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Expired access tokens are refreshed once, the call then succeeds, and the audit row says so.</summary>
public class RefreshTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    [Fact]
    public async Task Token_the_provider_reports_expired_is_refreshed_once_and_the_call_succeeds()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["slack"]))[0].GrantId;
        var tokenRequestsAfterConnect = world.Sandbox.State.TokenRequests("slack");

        world.Sandbox.State.ExpireAccessTokens("slack");
        var sent = await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "after expiry" });

        Assert.True(sent.Ok);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("slack"));
        Assert.Equal(tokenRequestsAfterConnect + 1, world.Sandbox.State.TokenRequests("slack"));
        var calls = world.Sandbox.State.ApiRequests.Where(r => r.PathAndQuery.Contains("chat.postMessage")).ToList();
        Assert.Equal(2, calls.Count);                       // the rejected attempt and the retry
        Assert.NotEqual(calls[0].Authorization, calls[1].Authorization);

        var row = (await app.Audit()).First(r => r.Operation == "chat.postMessage");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
        Assert.Equal(grantId, row.GrantId);

        // The next call uses the new token straight away.
        await app.Slack.Auth.Test();
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("slack"));
    }

    [Fact]
    public async Task Token_past_its_expiry_is_refreshed_before_the_call()
    {
        await using var world = await TestWorld.StartAsync(Store, fakeTime: true, accessTokenLifetime: TimeSpan.FromHours(1));
        await using var app = world.OpenApp();
        await app.Connect(["github"]);

        world.Time!.Advance(TimeSpan.FromHours(2));
        var me = await app.GitHub.Users.GetAuthenticated();

        Assert.Equal("octo-sandbox", me.Login);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("github"));
        Assert.Single(world.Sandbox.State.ApiRequests, r => r.PathAndQuery.EndsWith("/user", StringComparison.Ordinal)); // no rejected attempt
        Assert.True((await app.Audit()).First(r => r.Operation == "users/get-authenticated").TokenRefreshed);
    }

    [Fact]
    public async Task A_rotated_refresh_token_survives_a_restart_of_the_app()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using (var app = world.OpenApp())
        {
            await app.Connect(["slack"]);
            world.Sandbox.State.ExpireAccessTokens("slack");
            await app.Slack.Auth.Test();
        }
        world.Sandbox.State.ExpireAccessTokens("slack");
        await using var restarted = world.OpenApp();

        var me = await restarted.Slack.Auth.Test();   // needs the rotated refresh token, read back from the vault

        Assert.True(me.Ok);
        Assert.Equal(2, world.Sandbox.State.RefreshRequests("slack"));
    }

    [Fact]
    public async Task Revoked_grant_asks_for_reconnect_and_is_marked()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["slack"]))[0].GrantId;
        world.Sandbox.State.RevokeAll("slack");

        var error = await Assert.ThrowsAsync<ReauthRequiredException>(() => app.Slack.Auth.Test());

        Assert.Equal(grantId, error.GrantId);
        Assert.Contains("connect", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(GrantStatus.ReauthRequired, app.ListGrants("slack")[0].Status);
        Assert.Equal("reauth_required", (await app.Audit()).First(r => r.Operation == "auth.test").Outcome);
    }

    [Fact]
    public async Task Provider_without_refresh_tokens_works_until_its_token_dies_then_asks_for_reconnect()
    {
        await using var world = await TestWorld.StartAsync(Store, refreshTokens: false);   // GitHub OAuth apps issue no refresh token
        await using var app = world.OpenApp();
        await app.Connect(["github"]);
        Assert.Equal("octo-sandbox", (await app.GitHub.Users.GetAuthenticated()).Login);

        world.Sandbox.State.ExpireAccessTokens("github");
        var error = await Assert.ThrowsAsync<ReauthRequiredException>(() => app.GitHub.Users.GetAuthenticated());

        Assert.Contains("no refresh token", error.Message);
        Assert.Equal(0, world.Sandbox.State.RefreshRequests("github"));
        Assert.Equal(GrantStatus.ReauthRequired, app.ListGrants("github")[0].Status);
    }
}

/// <summary>The refresh lease across instances sharing one store, at the moment that matters.</summary>
public class RefreshLeaseTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    [Fact]
    public async Task Between_the_token_response_and_its_persistence_no_other_instance_can_take_the_lease()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var first = world.OpenApp();
        await using var second = world.OpenApp();   // another instance on the same store
        var grantId = (await first.Connect(["slack"]))[0].GrantId;
        world.Sandbox.State.ExpireAccessTokens("slack");
        bool? secondTookLease = null;
        first.ServicesForUsers.Tokens.BeforePersist = (grant, version) =>
        {
            var now = DateTimeOffset.UtcNow;
            secondTookLease = second.GrantStore.TryLeaseRefresh(grant, version, now.AddSeconds(30), now);
        };

        Assert.True((await first.Slack.Auth.Test()).Ok);

        // Taken here, the second instance would send the refresh token the provider has just rotated.
        Assert.False(secondTookLease);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("slack"));
        Assert.Equal(GrantStatus.Active, first.ListGrants("slack").Single(g => g.Id == grantId).Status);
    }
}
