using System.CommandLine;
using Alter.Typed.AI;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter mcp serve</c>: the tools the key may call (an agent's key: the agent's), served over the Model Context
/// Protocol on stdin/stdout, for an MCP client that starts the tool. Every tool call is a typed call of the app: its
/// policies are checked again, the vault injects the grant's token (never visible to the client or the model), and the
/// audit row names the tool.
/// </summary>
public static class McpCommand
{
    /// <summary>The <c>mcp</c> command and its subcommand.</summary>
    public static Command Create(GlobalOptions global)
    {
        var key = GlobalOptions.CreateKeyOption();
        key.Description = "The app's or agent's API key (alter_key_app_... or alter_key_agent_...). Default: the ALTER_API_KEY environment variable.";
        var mcp = new Command("mcp", "Serve the typed operations a key may call as MCP tools.") { key };
        var provider = new Option<string[]>("--provider") { Description = "Only this provider's tools; repeatable. Default: every provider.", HelpName = "provider" };
        var serve = new Command("serve", "Serve the tools over MCP on stdin/stdout (stdout carries only the protocol; errors go to stderr).") { provider };
        CliContext.SetAction(serve, global, async (context, cancellationToken) =>
        {
            var only = context.Parse.GetValue(provider) is { Length: > 0 } ids ? ids.Select(id => ProviderCatalog.Find(id).Id).ToArray() : null;
            await using var app = context.OpenApp(key);
            var options = new McpServerOptions { ServerInfo = new Implementation { Name = "alter", Version = "0.1.0" } }
                .ServeAlterTools(app, new ToolScope { Providers = only });
            await using var transport = new StdioServerTransport(options);
            await using var server = McpServer.Create(transport, options);
            await server.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        mcp.Subcommands.Add(serve);
        return mcp;
    }
}
