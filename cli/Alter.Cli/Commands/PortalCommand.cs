using System.CommandLine;
using Alter.Typed;
using Alter.Typed.AspNetCore;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter portal [--port N]</c>: the web portal over the store (apps, keys, providers, grants, users, agents, delegations,
/// approvals) on 127.0.0.1 only, until Ctrl+C. It prints the URL and a one-time admin key made for this run (like Jupyter's
/// token); the sign-in page exchanges the key for a session cookie.
/// </summary>
public static class PortalCommand
{
    /// <summary>The <c>portal</c> command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 5090, HelpName = "port" };
        var command = new Command("portal", "Start the web portal over the store on 127.0.0.1 (until Ctrl+C); prints the URL and this run's admin key.") { port };
        CliContext.SetAction(command, global, async (context, cancellationToken) =>
        {
            var options = context.CreateOptions();
            await using var server = await AlterPortalServer.StartAsync(context.Parse.GetValue(port), o =>
            {
                o.Alter = options;
                foreach (var provider in App.Catalog) o.Providers.Add(provider);
            }, cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Alter portal on {server.Url} over {AlterAdmin.Open(options).DatabasePath}").ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Sign in at {server.SignInUrl} with this run's admin key (it is not stored; a new one is made on every start):").ConfigureAwait(false);
            await context.Output.WriteLineAsync("  " + server.AdminKey).ConfigureAwait(false);
            await context.Output.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
            await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
