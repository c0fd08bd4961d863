using System.CommandLine;
using Alter.Cli.Output;

namespace Alter.Cli;

/// <summary>The options every command takes (recursive on the root command).</summary>
public sealed class GlobalOptions
{
    private GlobalOptions() { }

    /// <summary><c>--db &lt;path&gt;</c>: the SQLite store. Default: the runtime's, <c>$ALTER_HOME/alter.db</c>.</summary>
    public Option<string?> Database { get; } = new("--db")
    {
        Description = "The store (SQLite file). Default: $ALTER_HOME/alter.db, where ALTER_HOME defaults to ~/.alter.",
        Recursive = true,
        HelpName = "path",
    };

    /// <summary><c>--store &lt;connection string&gt;</c>: the shared PostgreSQL store instead of the SQLite file.</summary>
    public Option<string?> Store { get; } = new("--store")
    {
        Description = "A shared PostgreSQL store (Host=db;Database=alter;Username=alter;Password=...) instead of the SQLite file. Default: ALTER_STORE; prefer it to this option, which other users of the machine can see in the process list when it holds a password.",
        Recursive = true,
        HelpName = "connection string",
    };

    /// <summary><c>--home &lt;dir&gt;</c>: the folder of the default store and of the vault key file.</summary>
    public Option<string?> Home { get; } = new("--home")
    {
        Description = "The folder of the default store and the vault key file (vault.key). Default: ALTER_HOME, else ~/.alter.",
        Recursive = true,
        HelpName = "dir",
    };

    /// <summary><c>--output table|json|jsonl</c>.</summary>
    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "How results are printed: a table (default), one JSON document, or JSON lines (one object per line).",
        Recursive = true,
        DefaultValueFactory = _ => "table",
        HelpName = "table|json|jsonl",
    };

    /// <summary><c>--verbose</c>: a stack trace after the one-line error.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On an error, also print the exception's details and stack trace.",
        Recursive = true,
    };

    /// <summary>Adds the global options to the root command.</summary>
    public static GlobalOptions AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var global = new GlobalOptions();
        global.Output.AcceptOnlyFromAmong(OutputFormats.Names);
        root.Options.Add(global.Database);
        root.Options.Add(global.Store);
        root.Options.Add(global.Home);
        root.Options.Add(global.Output);
        root.Options.Add(global.Verbose);
        return global;
    }

    /// <summary>
    /// A <c>--key</c> option for the commands that act as an app. Its default, <c>ALTER_API_KEY</c>, is read when the
    /// command runs (not shown in help: it is a secret).
    /// </summary>
    public static Option<string?> CreateKeyOption() => new("--key")
    {
        Description = "The app's API key (alter_key_app_...). Default: the ALTER_API_KEY environment variable.",
        Recursive = true,
        HelpName = "api-key",
    };

    /// <summary>
    /// <c>--principal &lt;key&gt;</c> for commands that act for someone: a principal's owner key (<c>Principal.Key</c>, as
    /// <c>alter users list</c> and <c>grants list</c> print it). Default: the app itself.
    /// </summary>
    public static Option<string?> CreatePrincipalOption(string description) => new("--principal")
    {
        Description = description + " A principal key as `alter users list` prints it (user:<n>:<issuer><subject>, app:..., agent:...). Default: the app itself.",
        HelpName = "key",
    };
}
