using System.CommandLine;
using Alter.Cli.Commands;

namespace Alter.Cli;

/// <summary>The <c>alter</c> tool. Add a command area as one file under Commands/ and one line here.</summary>
public static class Program
{
    /// <summary>Builds the command tree (tests invoke it in-process).</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("alter: the AlterTyped command-line tool.");
        root.Subcommands.Add(CatalogCommand.Create());

        // Later: AppsCommand, KeysCommand, GrantsCommand, AuditCommand, ConnectCommand, RequestCommand.
        return root;
    }

    /// <summary>Entry point.</summary>
    public static Task<int> Main(string[] args) => CreateRootCommand().Parse(args).InvokeAsync();
}
