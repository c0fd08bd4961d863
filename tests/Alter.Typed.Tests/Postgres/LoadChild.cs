using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Alter.Sandbox;
using Alter.Tests.Shared.Postgres;
using Xunit;

namespace Alter.Typed.Tests.Postgres;

/// <summary>
/// A sandbox with rotating refresh tokens, a fresh PostgreSQL database, an app with a minted key and one Slack grant:
/// the world the many-processes tests share between this process and worker processes of the load tool
/// (benchmarks/Alter.Load, <c>worker</c> mode).
/// </summary>
internal sealed class SharedVaultWorld : IAsyncDisposable
{
    private SharedVaultWorld(SandboxServer sandbox, AlterOptions options, string connection, string apiKey, string grantId)
        => (Sandbox, Options, Connection, ApiKey, GrantId) = (sandbox, options, connection, apiKey, grantId);

    public SandboxServer Sandbox { get; }
    public AlterOptions Options { get; }
    public string Connection { get; }
    public string ApiKey { get; }
    public string GrantId { get; }

    public static async Task<SharedVaultWorld> StartAsync()
    {
        // A replayed refresh token revokes the grant, as at Xero: a second refresh with the old token would show as a lost grant.
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RotateRefreshTokens = true, RevokeOnRefreshTokenReuse = true });
        var slack = sandbox.Provider("slack");
        var connection = await TestPostgres.CreateDatabaseAsync("many");
        var options = new AlterOptions { VaultKey = RandomNumberGenerator.GetBytes(32), OpenBrowser = SandboxBrowser.OpenAsync, ConnectTimeout = TimeSpan.FromSeconds(20) };
        options.UsePostgreSql(connection);
        options.Providers["slack"] = new ProviderSettings
        {
            ClientId = slack.ClientId, ClientSecret = slack.ClientSecret, AuthorizationUrl = slack.AuthorizationUrl, TokenUrl = slack.TokenUrl,
            ApiBaseUrl = slack.ApiBaseUrl, AllowedHosts = [slack.Authority],
        };
        var admin = AlterAdmin.Open(options);
        admin.CreateApp("many");
        var apiKey = admin.MintKey("many").ApiKey;
        await using var app = new App(apiKey, options);
        var grantId = (await app.Connect(["slack"]))[0].GrantId;
        return new SharedVaultWorld(sandbox, options, connection, apiKey, grantId);
    }

    public App OpenApp() => new(ApiKey, Options);

    /// <summary>chat.postMessage rows of the grant in the store, read by a fresh app (this process's writes are committed: durable audit).</summary>
    public async Task<int> PostMessageRowsAsync(int? status = null)
    {
        await using var app = OpenApp();
        return (await app.Audit(new AuditQuery { GrantId = GrantId, Operation = "chat.postMessage", Status = status, Limit = 100_000 })).Count;
    }

    public async Task<GrantStatus?> GrantStatusAsync()
    {
        await using var app = OpenApp();
        return app.GetGrant(GrantId)?.Status;
    }

    /// <summary>Starts a load-tool worker on this world's grant; its secrets travel in the environment.</summary>
    public LoadChild StartWorker(int calls, int concurrency, int seconds, params string[] flags)
    {
        var slack = Sandbox.Provider("slack");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        string[] args =
        [
            LoadChild.Path(), "worker", "--store", "postgres", "--grant", GrantId, "--api-base-url", slack.ApiBaseUrl, "--token-url", slack.TokenUrl,
            "--client-id", slack.ClientId, "--calls", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--duration", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--call-timeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. flags,
        ];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ALTER_API_KEY"] = ApiKey;
        start.Environment["ALTER_VAULT_KEY"] = Convert.ToBase64String(Options.VaultKey!);
        start.Environment["ALTER_LOAD_CLIENT_SECRET"] = slack.ClientSecret;
        start.Environment["ALTER_LOAD_CONNECTION"] = Connection;
        return new LoadChild(Process.Start(start)!);
    }

    public async ValueTask DisposeAsync() => await Sandbox.DisposeAsync();
}

/// <summary>A running load-tool worker: its stdout read line by line, its stderr kept for the failure message.</summary>
internal sealed class LoadChild(Process process) : IDisposable
{
    private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync();

    public Process Process { get; } = process;

    /// <summary>Reads stdout until a line equal to <paramref name="expected"/> (or, when null, one starting with SUMMARY); fails on exit or timeout.</summary>
    public async Task<string> WaitForLineAsync(string? expected, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try { line = await Process.StandardOutput.ReadLineAsync(limit.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"the worker printed no {expected ?? "SUMMARY"} line within {timeout}"); }
            if (line is null) Assert.Fail($"the worker exited before printing {expected ?? "SUMMARY"}: {await _stderr}");
            if (expected is null ? line.StartsWith("SUMMARY ", StringComparison.Ordinal) : line == expected) return line;
        }
    }

    /// <summary>Waits for the worker's summary line and its exit; returns (calls ok, failed calls by exception type with first messages).</summary>
    public async Task<(long Ok, Dictionary<string, long> Errors, string Messages)> SummaryAsync(TimeSpan timeout)
    {
        var line = await WaitForLineAsync(null, timeout);
        using var json = JsonDocument.Parse(line["SUMMARY ".Length..]);
        var root = json.RootElement;
        var errors = root.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Process.WaitForExitAsync(exit.Token);
        return (root.GetProperty("ok").GetInt64(), errors, root.GetProperty("firstMessages").ToString());
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }

    /// <summary>The load tool's build output: the same configuration and framework as this test project's.</summary>
    public static string Path()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)); // tests/Alter.Typed.Tests/bin/<config>/<tfm>
        var repo = output.Parent!.Parent!.Parent!.Parent!.Parent!;
        var path = System.IO.Path.Combine(repo.FullName, "benchmarks", "Alter.Load", "bin", output.Parent.Name, output.Name, "Alter.Load.dll");
        Assert.True(File.Exists(path), $"build benchmarks/Alter.Load first: {path} is missing");
        return path;
    }
}
