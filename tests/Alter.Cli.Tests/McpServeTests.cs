using Alter.Cli;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Alter.Cli.Tests;

/// <summary>
/// Acceptance 5 of issue 13 over stdio: an MCP client (the SDK's own) starts <c>alter mcp serve</c> as a child process
/// with an agent's key in its environment, lists the agent's tools and calls one against the sandbox's Slack.
/// </summary>
public sealed class McpServeTests
{
    private static string AlterDll()
    {
        // The tool as built beside the tests (a referenced Exe project is copied with its runtime config).
        var here = Path.Combine(AppContext.BaseDirectory, "alter.dll");
        Assert.True(File.Exists(here), "alter.dll is not beside the tests: " + here);
        return here;
    }

    [Fact]
    public async Task The_sdk_client_lists_and_calls_the_agents_tools_over_stdio()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var appKey = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var created = await world.RunAsync("agents", "create", "mcp-bot", "--key", appKey, "-o", "json");
        created.AssertOk();
        var agentKey = created.Json.GetProperty("key").GetString()!;
        // The agent's stored policy decides its tools: conversations.list is not in it.
        (await world.RunAsync("agents", "policy", "mcp-bot", "--allow", "slack:auth.test", "--allow", "slack:chat.postMessage", "--key", appKey)).AssertOk();
        await world.ConnectSlackAsync(agentKey);                     // the agent's own Slack grant

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "alter",
            Command = "dotnet",
            Arguments = [AlterDll(), "--home", world.Home, "mcp", "serve", "--provider", "slack"],
            EnvironmentVariables = new Dictionary<string, string?> { ["ALTER_API_KEY"] = agentKey },
        });
        await using (var client = await McpClient.CreateAsync(transport))
        {
            var tools = await client.ListToolsAsync();
            Assert.Equal(["slack_auth_test", "slack_chat_postMessage"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));

            var result = await client.CallToolAsync("slack_chat_postMessage", new Dictionary<string, object?> { ["channel"] = "#general", ["text"] = "over stdio" });

            Assert.True(result.IsError is null or false, string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
        }

        Assert.Equal("over stdio", Assert.Single(world.Sandbox!.State.Messages).Text);
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = world.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tool, outcome, caller FROM audit WHERE operation = 'chat.postMessage'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("slack_chat_postMessage", reader.GetString(0));
        Assert.Equal("ok", reader.GetString(1));
        Assert.Contains("agent", reader.GetString(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_catalog_operation_a_tool_can_call_gets_a_unique_model_safe_name_and_an_object_schema()
    {
        await using var world = await CliWorld.StartAsync();
        var key = await world.CreateAppWithKeyAsync();
        await using var app = new Alter.Typed.App(key, new Alter.Typed.AlterOptions { HomeDirectory = world.Home });

        var tools = Alter.Typed.AI.AlterTools.Tools(app);

        var operations = app.Providers.Sum(p => p.Operations.Count(o => o.Tool is not null));
        Assert.True(operations > 50, $"{operations} operations");
        Assert.Equal(operations, tools.Count);
        Assert.Equal(tools.Count, tools.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(tools, t => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", t.Name));
        Assert.All(tools, t => Assert.Equal("object", t.JsonSchema.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Without_a_key_it_fails_with_one_line_and_serves_nothing()
    {
        await using var world = await CliWorld.StartAsync();
        var saved = Environment.GetEnvironmentVariable("ALTER_API_KEY");
        Assert.True(string.IsNullOrEmpty(saved), "the test needs ALTER_API_KEY unset");

        var result = await world.RunAsync("mcp", "serve");

        result.AssertOneLineError(ExitCodes.KeyRefused);
        Assert.Empty(result.Output);
    }
}
