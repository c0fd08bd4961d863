using Alter.Typed;

namespace Alter.Cli.Tests;

/// <summary><c>users list|show|remove</c> and <c>--principal</c> against the local Slack sandbox: the CLI acts for someone only as that someone.</summary>
public sealed class UsersCommandTests
{
    private static readonly string Alice = Principal.User("https://idp.test/", "alice").Key;
    private static readonly string Bob = Principal.User("https://idp.test/", "bob").Key;

    private static async Task<string> ConnectAsync(CliWorld world, string key, string principal)
    {
        var connected = await world.ConnectAsync(key, "--principal", principal, "--output", "json");
        Assert.True(connected.ExitCode == ExitCodes.Ok, connected.Error);
        Assert.Equal(principal, connected.Json.GetProperty("principal").GetString());
        return connected.Json.GetProperty("grant").GetString()!;
    }

    [Fact]
    public async Task Request_acts_for_the_principal_named_and_someone_elses_grant_is_not_found()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var aliceGrant = await ConnectAsync(world, key, Alice);
        var bobGrant = await ConnectAsync(world, key, Bob);
        Assert.NotEqual(aliceGrant, bobGrant);                                     // one Slack workspace, two owners, two grants

        (await world.RunAsync("request", "GET", "auth.test", "--grant", aliceGrant, "--principal", Alice, "--key", key)).AssertOk();
        var sent = world.Sandbox!.State.ApiRequests.Count;
        var asBob = (await world.RunAsync("request", "GET", "auth.test", "--grant", aliceGrant, "--principal", Bob, "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        var absent = (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_00000000000000000000", "--principal", Bob, "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        var asApp = (await world.RunAsync("request", "GET", "auth.test", "--grant", aliceGrant, "--key", key)).AssertOneLineError(ExitCodes.NotFound);

        Assert.Equal(absent.Replace("grant_00000000000000000000", aliceGrant, StringComparison.Ordinal), asBob); // indistinguishable from a grant that does not exist
        Assert.Contains(aliceGrant, asApp, StringComparison.Ordinal);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);                 // none of the refused calls reached Slack
        (await world.RunAsync("request", "GET", "auth.test", "--grant", aliceGrant, "--principal", "alice", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("connect", "slack", "--no-browser", "--principal", "alice", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        Assert.Equal(2, world.Count("grants"));
    }

    [Fact]
    public async Task Users_list_show_and_remove_one_principal_revoking_at_the_provider()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var aliceGrant = await ConnectAsync(world, key, Alice);
        var bobGrant = await ConnectAsync(world, key, Bob);

        var list = await world.RunAsync("users", "list", "--key", key, "-o", "json");
        list.AssertOk();
        var users = list.Json.EnumerateArray().ToList();
        Assert.Equal([Alice, Bob], users.Select(u => u.GetProperty("principal").GetString()));
        Assert.Equal(["user", "user"], users.Select(u => u.GetProperty("kind").GetString()));
        Assert.Equal(["alice", "bob"], users.Select(u => u.GetProperty("subject").GetString()));
        Assert.All(users, u => Assert.Equal(1, u.GetProperty("grants").GetInt32()));
        var table = await world.RunAsync("users", "list", "--key", key);
        Assert.Matches(@"\| principal\s+\| kind \| issuer\s+\| subject \| grants \|", table.Output);

        var show = await world.RunAsync("users", "show", Alice, "--key", key, "-o", "json");
        show.AssertOk();
        Assert.Equal(aliceGrant, Assert.Single(show.Json.EnumerateArray()).GetProperty("id").GetString());

        var removed = await world.RunAsync("users", "remove", Alice, "--key", key, "-o", "json");
        removed.AssertOk();
        Assert.Equal(1, removed.Json.GetProperty("removed").GetInt32());
        Assert.Equal(aliceGrant, Assert.Single(removed.Json.GetProperty("revoked").EnumerateArray()).GetString());
        Assert.Empty(removed.Json.GetProperty("notRevoked").EnumerateArray());
        Assert.Equal((1, 1), (world.Count("grants"), world.Count("tokens")));     // bob's grant and token remain
        var audit = (await world.RunAsync("audit", "list", "--key", key, "-o", "json")).Json.EnumerateArray().ToList();
        var row = Assert.Single(audit, r => r.GetProperty("operation").GetString() == "user.remove");
        Assert.Equal((aliceGrant, Alice, "revoked"), (row.GetProperty("grant").GetString(), row.GetProperty("principal").GetString(), row.GetProperty("outcome").GetString()));

        (await world.RunAsync("users", "show", Alice, "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("users", "remove", Alice, "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("users", "show", "alice", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("request", "GET", "auth.test", "--grant", bobGrant, "--principal", Bob, "--key", key)).AssertOk();
        var bobsRows = (await world.RunAsync("audit", "list", "--principal", Bob, "--key", key, "-o", "json")).Json.EnumerateArray().ToList();
        Assert.Equal(["GET /slack/api/auth.test", "connect"], bobsRows.Select(r => r.GetProperty("operation").GetString()));
        Assert.All(bobsRows, r => Assert.Equal(Bob, r.GetProperty("principal").GetString()));
    }
}
