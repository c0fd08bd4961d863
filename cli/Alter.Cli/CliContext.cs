using System.CommandLine;
using System.Net.Http;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli;

/// <summary>One invocation: its parse result, the global options' values, the renderer and error reporting.</summary>
internal sealed class CliContext
{
    private readonly GlobalOptions _global;
    private Renderer? _renderer;

    private CliContext(ParseResult parse, GlobalOptions global)
    {
        (Parse, _global) = (parse, global);
        Output = parse.InvocationConfiguration.Output;
        Error = parse.InvocationConfiguration.Error;
        Format = OutputFormats.Parse(parse.GetValue(global.Output));
        Verbose = parse.GetValue(global.Verbose);
    }

    public ParseResult Parse { get; }
    public TextWriter Output { get; }
    public TextWriter Error { get; }
    public OutputFormat Format { get; }
    public bool Verbose { get; }

    /// <summary>Whether the output is a person's terminal (spinners and colours), rather than a pipe, a file or a test's writer.</summary>
    public bool Interactive => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;

    public Renderer Renderer => _renderer ??= new Renderer(Output, Format, Interactive);

    /// <summary>Sets <paramref name="command"/>'s action: runs <paramref name="run"/> and turns every failure into one line and an exit code.</summary>
    public static void SetAction(Command command, GlobalOptions global, Func<CliContext, CancellationToken, Task<int>> run)
        => command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CliContext(parse, global);
            try
            {
                return await run(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return await context.FailAsync(e, cancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>The runtime options from <c>--db</c> or <c>--store</c> (else <c>ALTER_STORE</c>), and <c>--home</c>.</summary>
    public AlterOptions CreateOptions()
    {
        var options = new AlterOptions
        {
            DatabasePath = Parse.GetValue(_global.Database) is { Length: > 0 } db ? Path.GetFullPath(db) : null,
            HomeDirectory = Parse.GetValue(_global.Home) is { Length: > 0 } home ? Path.GetFullPath(home) : null,
        };
        var store = Parse.GetValue(_global.Store) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable("ALTER_STORE");
        if (string.IsNullOrWhiteSpace(store)) return options;
        if (options.DatabasePath is not null)
            throw new CliException(ExitCodes.BadInput, "--db names a SQLite file and --store (or ALTER_STORE) a PostgreSQL store: give one of them.");
        return options.UsePostgreSql(store);
    }

    public AlterAdmin OpenAdmin() => AlterAdmin.Open(CreateOptions());

    /// <summary>The principal <paramref name="option"/> names, or null when it was not given.</summary>
    /// <exception cref="CliException">The value is not a principal key (<see cref="ExitCodes.BadInput"/>).</exception>
    public Principal? GetPrincipal(Option<string?> option)
        => Parse.GetValue(option) is { Length: > 0 } key
            ? Principal.FromKey(key.Trim()) ?? throw new CliException(ExitCodes.BadInput, $"{option.Name} '{key}' is not a principal key (user:<issuer length>:<issuer><subject>, app:9:alter:app<app id>, agent:11:alter:agent<id>); `alter users list` prints them.")
            : null;

    /// <summary>
    /// Makes every call of an app opened with <paramref name="options"/> act for <paramref name="principal"/> (when
    /// given): the CLI's way of acting for someone is the runtime's own principal source, so the ownership checks are
    /// exactly the ones an application's calls go through.
    /// </summary>
    public static AlterOptions ActingFor(AlterOptions options, Principal? principal)
    {
        if (principal is not null) options.PrincipalSource = _ => ValueTask.FromResult<Principal?>(principal);
        return options;
    }

    /// <summary>Opens the app that <c>--key</c> (else <c>ALTER_API_KEY</c>) names.</summary>
    /// <exception cref="CliException">No key was given (<see cref="ExitCodes.KeyRefused"/>).</exception>
    public App OpenApp(Option<string?> keyOption, AlterOptions? options = null)
    {
        var key = Parse.GetValue(keyOption) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable("ALTER_API_KEY");
        if (string.IsNullOrWhiteSpace(key))
            throw new CliException(ExitCodes.KeyRefused, "No API key: pass --key or set ALTER_API_KEY (mint one with `alter keys mint <app>`).");
        return new App(key.Trim(), options ?? CreateOptions());
    }

    /// <summary>Writes the error line (and, with --verbose, the details) and returns the exit code for <paramref name="error"/>.</summary>
    public async Task<int> FailAsync(Exception error, CancellationToken cancellationToken)
    {
        var (code, message) = Classify(error, cancellationToken);
        await Error.WriteLineAsync("alter: " + OneLine(message)).ConfigureAwait(false);
        if (Verbose) await Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        return code;
    }

    /// <summary>Maps an exception to its exit code and the message to show.</summary>
    public static (int Code, string Message) Classify(Exception error, CancellationToken cancellationToken = default) => error switch
    {
        CliException e => (e.ExitCode, e.Message),
        ApiKeyException e => (ExitCodes.KeyRefused, e.Message),
        AgentAccessException e => (ExitCodes.KeyRefused, e.Message),
        DelegationException e => (e.Reason == DelegationRefusal.NotFound ? ExitCodes.NotFound : ExitCodes.KeyRefused, e.Message),
        GrantNotFoundException e => (ExitCodes.NotFound, e.Message),
        ConnectRequiredException e => (ExitCodes.NotFound, e.Message + $" Run `alter connect {e.Provider}{(e.Principal.Kind == PrincipalKind.App ? "" : " --principal " + e.Principal.Key)}`."),
        AmbiguousGrantException e => (ExitCodes.BadInput, e.Message),
        ReauthRequiredException e => (ExitCodes.ReauthRequired, e.Message + $" Run `alter connect {e.Provider}`."),
        ConnectException e => (ExitCodes.ConnectFailed, e.Message),
        ProviderApiException e => (ExitCodes.ProviderError, e.Message),
        TokenRefreshException e => (ExitCodes.ProviderError, e.Message),
        HostNotAllowedException e => (ExitCodes.BadInput, e.Message),
        AlterException e => (ExitCodes.BadInput, e.Message),
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Cancelled, "Cancelled."),
        OperationCanceledException => (ExitCodes.ProviderError, "The provider did not answer in time."),
        HttpRequestException e => (ExitCodes.ProviderError, e.Message),
        _ => (ExitCodes.InternalError, $"internal error: {error.GetType().Name}: {error.Message} (run with --verbose for the stack trace)"),
    };

    /// <summary>Folds a message onto one line.</summary>
    public static string OneLine(string message)
        => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
