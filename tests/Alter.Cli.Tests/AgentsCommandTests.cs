using System.Text.Json;
using System.Text;
using Alter.Typed;
using Microsoft.Data.Sqlite;

namespace Alter.Cli.Tests;

/// <summary><c>agents create|list|show|remove</c> and <c>agents keys mint|deprecate|revoke</c>, with the agent's key used against the Slack sandbox.</summary>
public sealed class AgentsCommandTests
{
    private static void AssertNotInStore(CliWorld world, string secret)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(world.Home, "alter.db*"))
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"found in {file}");
    }

    [Fact]
    public async Task An_agent_created_by_the_tool_acts_only_for_itself_and_its_keys_are_stored_as_hashes()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var appGrant = await world.ConnectSlackAsync(key);

        var created = await world.RunAsync("agents", "create", "support-bot", "--key", key, "-o", "json");
        created.AssertOk();
        var agentKey = created.Json.GetProperty("key").GetString()!;
        var agentId = created.Json.GetProperty("agentId").GetString()!;
        Assert.StartsWith("alter_key_agent_", agentKey, StringComparison.Ordinal);
        Assert.Equal(Principal.Agent(agentId).Key, created.Json.GetProperty("principal").GetString());
        var minted = await world.RunAsync("agents", "keys", "mint", "support-bot", "--key", key, "-o", "json");
        minted.AssertOk();
        var secondKey = minted.Json.GetProperty("key").GetString()!;
        (await world.RunAsync("agents", "create", "support-bot", "--key", key)).AssertOneLineError(ExitCodes.BadInput);

        var list = await world.RunAsync("agents", "list", "--key", key, "-o", "json");
        list.AssertOk();
        Assert.Equal(["support-bot"], list.Json.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var show = await world.RunAsync("agents", "show", "support-bot", "--key", key, "-o", "json");
        show.AssertOk();
        Assert.Equal(2, show.Json.GetProperty("keys").GetArrayLength());
        Assert.DoesNotContain(agentKey, show.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(agentKey, list.Output, StringComparison.Ordinal);

        // The agent connects its own Slack grant and calls with it; the app's grant is "not found" to it, as an absent one.
        var connected = await world.ConnectAsync(agentKey, "--output", "json");
        Assert.True(connected.ExitCode == ExitCodes.Ok, connected.Error);
        Assert.Equal(Principal.Agent(agentId).Key, connected.Json.GetProperty("principal").GetString());
        var agentGrant = connected.Json.GetProperty("grant").GetString()!;
        (await world.RunAsync("agents", "policy", "support-bot", "--allow", "slack:auth.test", "--key", key)).AssertOk();
        (await world.RunAsync("request", "POST", "auth.test", "--grant", agentGrant, "--key", agentKey)).AssertOk();
        var sent = world.Sandbox!.State.ApiRequests.Count;
        var stolen = (await world.RunAsync("request", "GET", "auth.test", "--grant", appGrant, "--key", agentKey)).AssertOneLineError(ExitCodes.NotFound);
        var absent = (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_00000000000000000000", "--key", agentKey)).AssertOneLineError(ExitCodes.NotFound);
        Assert.Equal(absent.Replace("grant_00000000000000000000", appGrant, StringComparison.Ordinal), stolen);
        (await world.RunAsync("request", "GET", "auth.test", "--grant", agentGrant, "--principal", Principal.User("https://idp.test/", "alice").Key, "--key", agentKey)).AssertOneLineError(ExitCodes.KeyRefused);
        (await world.RunAsync("agents", "list", "--key", agentKey)).AssertOneLineError(ExitCodes.KeyRefused); // an agent administers nothing
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);

        AssertNotInStore(world, agentKey);
        AssertNotInStore(world, secondKey);
    }

    [Fact]
    public async Task Policy_sets_shows_and_clears_the_agents_policy_which_its_requests_obey()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var agentKey = (await world.RunAsync("agents", "create", "bot", "--key", key, "-o", "json")).Json.GetProperty("key").GetString()!;
        var grant = (await world.ConnectAsync(agentKey, "--output", "json")).Json.GetProperty("grant").GetString()!;
        const string Body = """{"channel":"#general","text":"hi"}""";

        // No policy: nothing, and the refusal says how to give one.
        var none = await world.RunAsync("agents", "policy", "bot", "--key", key, "-o", "json");
        none.AssertOk();
        Assert.Equal(JsonValueKind.Null, none.Json.GetProperty("allow").ValueKind);
        var refused = (await world.RunAsync("request", "POST", "chat.postMessage", "--grant", grant, "--key", agentKey, "--json", Body)).AssertOneLineError(ExitCodes.BadInput);
        Assert.Contains("no_rule", refused, StringComparison.Ordinal);
        Assert.Contains("alter agents policy bot", refused, StringComparison.Ordinal);
        Assert.Empty(world.Sandbox!.State.ApiRequests);

        var set = await world.RunAsync("agents", "policy", "bot", "--allow", "slack:chat.postMessage", "--scope", "chat:write", "--scope", "channels:read", "--rate", "10/1m", "--key", key, "-o", "json");
        set.AssertOk();
        Assert.Equal(["slack:chat.postMessage"], set.Json.GetProperty("allow").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["channels:read", "chat:write"], set.Json.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("10/1m", set.Json.GetProperty("rateLimit").GetString());
        var shown = await world.RunAsync("agents", "policy", "bot", "--show", "--key", key);
        shown.AssertOk();
        Assert.Contains("slack:chat.postMessage", shown.Output, StringComparison.Ordinal);
        Assert.Equal("bot", (await world.RunAsync("agents", "show", "bot", "--key", key, "-o", "json")).Json.GetProperty("policy").GetProperty("policy").GetString());

        (await world.RunAsync("request", "POST", "chat.postMessage", "--grant", grant, "--key", agentKey, "--json", Body)).AssertOk();
        Assert.Single(world.Sandbox.State.ApiRequests);
        Assert.Contains("operation_not_allowed", (await world.RunAsync("request", "POST", "auth.test", "--grant", grant, "--key", agentKey)).AssertOneLineError(ExitCodes.BadInput), StringComparison.Ordinal);
        Assert.Contains("unknown_operation", (await world.RunAsync("request", "POST", "chat.postMessage/", "--grant", grant, "--key", agentKey, "--json", Body)).AssertOneLineError(ExitCodes.BadInput), StringComparison.Ordinal);
        Assert.Single(world.Sandbox.State.ApiRequests);

        (await world.RunAsync("agents", "policy", "bot", "--allow", "slack", "--key", key)).AssertOneLineError(ExitCodes.BadInput);     // not a glob
        (await world.RunAsync("agents", "policy", "bot", "--rate", "ten", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("agents", "policy", "bot", "--clear", "--allow", "slack:*", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("agents", "policy", "nobody", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("agents", "policy", "bot", "--allow", "slack:*", "--key", agentKey)).AssertOneLineError(ExitCodes.KeyRefused); // an agent cannot widen its own
        Assert.Equal(["slack:chat.postMessage"], (await world.RunAsync("agents", "policy", "bot", "--key", key, "-o", "json")).Json.GetProperty("allow").EnumerateArray().Select(e => e.GetString()));

        (await world.RunAsync("agents", "policy", "bot", "--clear", "--key", key)).AssertOk();
        Assert.Contains("no_rule", (await world.RunAsync("request", "POST", "chat.postMessage", "--grant", grant, "--key", agentKey, "--json", Body)).AssertOneLineError(ExitCodes.BadInput), StringComparison.Ordinal);
        Assert.Single(world.Sandbox.State.ApiRequests);
        var audit = await world.RunAsync("audit", "list", "--key", key, "-o", "json");
        Assert.Equal(4, audit.Json.EnumerateArray().Count(r => r.GetProperty("outcome").GetString()!.StartsWith("denied:policy:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Keys_deprecate_and_revoke_refuse_the_key_and_remove_deletes_the_agent()
    {
        await using var world = await CliWorld.StartAsync();
        var key = await world.CreateAppWithKeyAsync();
        var created = await world.RunAsync("agents", "create", "bot", "--key", key, "-o", "json");
        created.AssertOk();
        var first = created.Json.GetProperty("key").GetString()!;
        var second = (await world.RunAsync("agents", "keys", "mint", "bot", "--key", key, "-o", "json")).Json.GetProperty("key").GetString()!;
        (await world.RunAsync("agents", "list", "--key", first)).AssertOneLineError(ExitCodes.KeyRefused); // the key opens, but only as the agent

        var deprecated = await world.RunAsync("agents", "keys", "deprecate", first, "--grace", "0", "--key", key, "-o", "json"); // the whole key works as its id
        deprecated.AssertOk();
        var expired = (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_00000000000000000000", "--key", first)).AssertOneLineError(ExitCodes.KeyRefused);
        Assert.Contains("grace", expired, StringComparison.Ordinal);
        Assert.DoesNotContain(first, expired, StringComparison.Ordinal);
        var secondId = second["alter_key_agent_".Length..].Split('_')[0];
        (await world.RunAsync("agents", "keys", "revoke", secondId, "--key", key)).AssertOk();
        Assert.Contains("revoked", (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_00000000000000000000", "--key", second)).AssertOneLineError(ExitCodes.KeyRefused), StringComparison.Ordinal);
        (await world.RunAsync("agents", "keys", "revoke", secondId, "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        var show = await world.RunAsync("agents", "show", "bot", "--key", key, "-o", "json");
        Assert.Equal(["expired", "revoked"], show.Json.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("status").GetString()));

        (await world.RunAsync("agents", "remove", "bot", "--key", key)).AssertOk();
        (await world.RunAsync("agents", "show", "bot", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("agents", "remove", "bot", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        Assert.Equal(0, world.Count("agent_keys"));
        (await world.RunAsync("agents", "keys", "deprecate", "nosuchkey", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
    }
}
