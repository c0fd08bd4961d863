using System.CommandLine;
using System.Text;
using System.Text.Json;
using Alter.Cli;
using Alter.Sandbox;
using Microsoft.Data.Sqlite;

namespace Alter.Cli.Tests;

/// <summary>What one run of <c>alter</c> printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    /// <summary>Asserts the failure contract: the exit code, and exactly one line on stderr, <c>alter: ...</c>.</summary>
    public string AssertOneLineError(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"exit {ExitCode}, expected {exitCode}; stdout: {Output}; stderr: {Error}");
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one error line, got {lines.Length}: {Error}");
        Assert.StartsWith("alter: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal); // no stack trace
        return lines[0];
    }

    public void AssertOk()
        => Assert.True(ExitCode == ExitCodes.Ok && Error.Length == 0, $"exit {ExitCode}; stdout: {Output}; stderr: {Error}");
}

/// <summary>
/// One isolated store per test: every command runs in-process through <see cref="Program.RunAsync"/> with
/// <c>--home &lt;temp dir&gt;</c>, so the store and its vault key file live in the test's own folder. Nothing is
/// process-wide (no ALTER_HOME or ALTER_VAULT_KEY), which lets the test classes run in parallel.
/// </summary>
internal sealed class CliWorld : IAsyncDisposable
{
    private CliWorld(string home) => Home = home;

    public string Home { get; }
    public string DatabasePath => Path.Combine(Home, "alter.db");
    public SandboxServer? Sandbox { get; private set; }

    public static async Task<CliWorld> StartAsync(bool sandbox = false)
    {
        var home = Path.Combine(Path.GetTempPath(), "alter-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var world = new CliWorld(home);
        if (sandbox) world.Sandbox = await SandboxServer.StartAsync();
        return world;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(onOutputLine: null, args);

    /// <summary>
    /// Runs <c>alter --home &lt;home&gt; args...</c>; <paramref name="onOutputLine"/> sees each line of the output and error
    /// writers as it is written (with <c>--output json</c>, connect's URL line goes to the error writer).
    /// </summary>
    public async Task<CliResult> RunAsync(Action<string>? onOutputLine, params string[] args)
    {
        var output = new WatchingWriter(onOutputLine);
        var error = new WatchingWriter(onOutputLine);
        var code = await Program.RunAsync(["--home", Home, .. args], new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Creates an app and mints its key through the tool.</summary>
    public async Task<string> CreateAppWithKeyAsync(string app = "demo")
    {
        (await RunAsync("apps", "create", app)).AssertOk();
        var minted = await RunAsync("keys", "mint", app, "--output", "json");
        minted.AssertOk();
        return minted.Json.GetProperty("key").GetString()!;
    }

    /// <summary>Points the app's Slack settings at the sandbox, through <c>alter providers configure</c>.</summary>
    public async Task ConfigureSandboxSlackAsync(string app = "demo")
    {
        var slack = Sandbox!.Provider("slack");
        (await RunAsync("providers", "configure", "slack", "--app", app,
            "--client-id", slack.ClientId, "--client-secret", slack.ClientSecret,
            "--authorization-url", slack.AuthorizationUrl, "--token-url", slack.TokenUrl, "--revocation-url", slack.RevocationUrl,
            "--api-base-url", slack.ApiBaseUrl, "--allowed-host", slack.Authority)).AssertOk();
    }

    /// <summary>
    /// Runs <c>alter connect slack --no-browser</c>, playing the person: when the URL line appears on the output, the
    /// sandbox browser opens it (the sandbox consents at once and redirects back to the tool's loopback listener).
    /// </summary>
    public async Task<CliResult> ConnectAsync(string key, params string[] extra)
    {
        Task? browsing = null;
        var result = await RunAsync(line =>
        {
            if (line.StartsWith(Alter.Cli.Commands.ConnectCommand.UrlPrompt, StringComparison.Ordinal))
                browsing = SandboxBrowser.OpenAsync(new Uri(line[Alter.Cli.Commands.ConnectCommand.UrlPrompt.Length..].Trim()));
        }, ["connect", "slack", "--no-browser", "--key", key, "--timeout", "20s", .. extra]);
        if (browsing is not null) await browsing;
        return result;
    }

    public async Task<string> ConnectSlackAsync(string key)
    {
        var connected = await ConnectAsync(key, "--output", "json");              // a grant of the app itself: what commands without --principal act for
        Assert.True(connected.ExitCode == ExitCodes.Ok, connected.Error);
        // With JSON output the URL line goes to stderr, keeping stdout one JSON document.
        Assert.StartsWith(Alter.Cli.Commands.ConnectCommand.UrlPrompt, Assert.Single(connected.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        return connected.Json.GetProperty("grant").GetString()!;
    }

    /// <summary>Every row of every table, to show that a refused command changed nothing.</summary>
    public string Snapshot()
    {
        if (!File.Exists(DatabasePath)) return "(no store)";
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var text = new StringBuilder();
        foreach (var table in new[] { "apps", "api_keys", "grants", "tokens", "audit", "provider_settings" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(reader.IsDBNull(i) ? "null" : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(i).ToString()).Append('|');
                text.AppendLine();
            }
            text.Append(table).Append(": ").Append(rows).AppendLine(" rows");
        }
        return text.ToString();
    }

    public int Count(string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A thread-safe text writer that keeps everything written and reports each completed line.</summary>
internal sealed class WatchingWriter(Action<string>? onLine) : TextWriter
{
    private readonly StringBuilder _all = new();
    private readonly StringBuilder _line = new();
    private readonly object _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Append([value]);
    public override void Write(string? value) => Append(value);
    public override void Write(char[] buffer, int index, int count) => Append(buffer.AsSpan(index, count));
    public override void Write(ReadOnlySpan<char> buffer) => Append(buffer);
    public override void WriteLine(string? value) => Append((value ?? "") + NewLine);
    public override void WriteLine(ReadOnlySpan<char> buffer) => Append(buffer.ToString() + NewLine);
    public override Task WriteAsync(char value) { Write(value); return Task.CompletedTask; }
    public override Task WriteAsync(string? value) { Write(value); return Task.CompletedTask; }
    public override Task WriteLineAsync(string? value) { WriteLine(value); return Task.CompletedTask; }
    public override Task WriteLineAsync() { WriteLine(); return Task.CompletedTask; }
    public override Task FlushAsync() => Task.CompletedTask;

    public override string ToString() { lock (_gate) return _all.ToString(); }

    private void Append(ReadOnlySpan<char> text)
    {
        var completed = new List<string>();
        lock (_gate)
        {
            _all.Append(text);
            foreach (var c in text)
            {
                if (c == '\n') { completed.Add(_line.ToString().TrimEnd('\r')); _line.Clear(); }
                else _line.Append(c);
            }
        }
        if (onLine is not null) foreach (var line in completed) onLine(line);
    }
}
