using System.CommandLine;
using System.CommandLine.Help;
using Alter.Cli.Commands;

namespace Alter.Cli;

/// <summary>The <c>alter</c> tool. Add a command area as one file under Commands/ and one line here.</summary>
public static class Program
{
    /// <summary>Builds the command tree (tests invoke it in-process).</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("alter: the AlterTyped command-line tool.");
        var global = GlobalOptions.AddTo(root);
        root.Subcommands.Add(AppsCommand.Create(global));
        root.Subcommands.Add(KeysCommand.Create(global));
        root.Subcommands.Add(ProvidersCommand.Create(global));
        root.Subcommands.Add(ConnectCommand.Create(global));
        root.Subcommands.Add(GrantsCommand.Create(global));
        root.Subcommands.Add(UsersCommand.Create(global));
        root.Subcommands.Add(AgentsCommand.Create(global));
        root.Subcommands.Add(DelegationsCommand.Create(global));
        root.Subcommands.Add(ApprovalsCommand.Create(global));
        root.Subcommands.Add(AuditCommand.Create(global));
        root.Subcommands.Add(RequestCommand.Create(global));
        root.Subcommands.Add(McpCommand.Create(global));
        root.Subcommands.Add(PortalCommand.Create(global));
        root.Subcommands.Add(CatalogCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs a command line. A parse error (unknown command or option, missing argument, bad value) is one
    /// line on <paramref name="configuration"/>'s error writer, <c>alter: &lt;message&gt;</c>, and exit code
    /// <see cref="ExitCodes.BadInput"/>; nothing runs. With no arguments at all, prints the help and returns
    /// <see cref="ExitCodes.BadInput"/>.
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="configuration">Where output and errors go (default: the console).</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        configuration ??= new InvocationConfiguration();
        var root = CreateRootCommand();
        if (args.Count == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // An unrecognized token says more than the "required command was not provided" it causes.
            var first = parse.Errors.OrderBy(e => parse.UnmatchedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal)) ? 0 : 1).First().Message;
            var path = CommandPath(parse);
            var help = path.Length == 0 ? "alter --help" : $"alter {path} --help";
            var more = parse.Errors.Count > 1 ? $" (and {parse.Errors.Count - 1} more; see `{help}`)" : $" (see `{help}`)";
            await configuration.Error.WriteLineAsync("alter: " + CliContext.OneLine(first) + more).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Entry point.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args);

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            if (result.Command is not RootCommand) names.Insert(0, result.Command.Name);
        return names.Count == 0 ? "" : string.Join(' ', names);
    }
}
