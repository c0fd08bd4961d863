using Alter.Typed;

namespace Alter.Cli.Tests;

/// <summary><c>delegations create|list|revoke</c>, with the agent's key refused through a revoked delegation against the Slack sandbox.</summary>
public sealed class DelegationsCommandTests
{
    [Fact]
    public async Task A_user_lends_a_grant_to_an_agent_lists_and_revokes_it_and_the_agent_is_refused_after()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var (alice, bob) = (Principal.User("https://idp.test/", "alice").Key, Principal.User("https://idp.test/", "bob").Key);
        var connected = await world.ConnectAsync(key, "--principal", alice, "--output", "json");
        Assert.True(connected.ExitCode == ExitCodes.Ok, connected.Error);
        var grant = connected.Json.GetProperty("grant").GetString()!;
        var agentKey = (await world.RunAsync("agents", "create", "bot", "--key", key, "-o", "json")).Json.GetProperty("key").GetString()!;

        var created = await world.RunAsync("delegations", "create", grant, "--agent", "bot", "--user", alice, "--expires", "1h",
            "--operation", "slack:chat.postMessage", "--key", key, "-o", "json");
        created.AssertOk();
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.StartsWith("dlg_", id, StringComparison.Ordinal);
        Assert.Equal("active", created.Json.GetProperty("status").GetString());
        (await world.RunAsync("delegations", "create", grant, "--agent", "bot", "--user", bob, "--expires", "1h", "--key", key)).AssertOneLineError(ExitCodes.NotFound); // not Bob's grant
        (await world.RunAsync("delegations", "create", grant, "--agent", "bot", "--user", alice, "--expires", "31d", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("delegations", "create", grant, "--agent", "bot", "--user", alice, "--expires", "1h", "--key", agentKey)).AssertOneLineError(ExitCodes.KeyRefused);

        var byAgent = await world.RunAsync("delegations", "list", "--agent", "bot", "--key", key, "-o", "json");
        byAgent.AssertOk();
        Assert.Equal([id], byAgent.Json.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        var own = await world.RunAsync("delegations", "list", "--key", agentKey, "-o", "json");   // the agent lists the ones made to it
        own.AssertOk();
        Assert.Equal([id], own.Json.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        var byBob = await world.RunAsync("delegations", "list", "--user", bob, "--key", key, "-o", "json");
        byBob.AssertOk();
        Assert.Equal(0, byBob.Json.GetArrayLength());

        (await world.RunAsync("delegations", "revoke", id, "--user", bob, "--key", key)).AssertOneLineError(ExitCodes.NotFound); // only Alice's to revoke
        (await world.RunAsync("delegations", "revoke", id, "--user", alice, "--key", key)).AssertOk();
        (await world.RunAsync("delegations", "revoke", id, "--key", key)).AssertOneLineError(ExitCodes.NotFound);

        var sent = world.Sandbox!.State.ApiRequests.Count;
        var refused = (await world.RunAsync("request", "POST", "chat.postMessage", "--grant", id, "--key", agentKey)).AssertOneLineError(ExitCodes.KeyRefused);
        Assert.Contains("revoked", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(agentKey, refused, StringComparison.Ordinal);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
        var listed = await world.RunAsync("delegations", "list", "--key", key, "-o", "json");
        Assert.Equal("revoked", Assert.Single(listed.Json.EnumerateArray()).GetProperty("status").GetString());
    }
}
