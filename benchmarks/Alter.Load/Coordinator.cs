using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Alter.Sandbox;
using Alter.Typed;

namespace Alter.Load;

/// <summary>What the coordinator was asked to run.</summary>
internal sealed record CoordinatorSettings(
    StoreKind Store, string? Connection, int Processes, int Calls, int Concurrency, TimeSpan Duration, TimeSpan CallTimeout,
    LoadOperation Operation, bool ExpireFirst, TimeSpan TokenLifetime);

/// <summary>
/// The coordinator: a sandbox on loopback with short-lived rotating tokens, an app, a key and one Slack grant on the chosen
/// store, then <c>--processes</c> workers of this same program against that grant; prints the figures and judges the run.
/// </summary>
internal static class Coordinator
{
    /// <summary>How long past <c>--duration</c> a worker may take (start-up, the last calls, disposing) before it is killed.</summary>
    private static readonly TimeSpan WorkerGrace = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(CoordinatorSettings run, CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { AccessTokenLifetime = run.TokenLifetime, RotateRefreshTokens = true, RevokeOnRefreshTokenReuse = true }, cancellationToken);
        var slack = sandbox.Provider("slack");
        string? folder = null;
        string connection;
        if (run.Store == StoreKind.Postgres)
            connection = run.Connection ?? throw new ArgumentException("--store postgres needs --connection");
        else
        {
            folder = Directory.CreateTempSubdirectory("alter-load-").FullName;
            connection = run.Connection ?? Path.Combine(folder, "alter.db");
        }
        var vaultKey = RandomNumberGenerator.GetBytes(32);
        Environment.SetEnvironmentVariable(WorkerSettings.VaultKeyVariable, Convert.ToBase64String(vaultKey));
        try
        {
            var template = new WorkerSettings
            {
                Store = run.Store, Connection = connection, GrantId = "", ApiBaseUrl = slack.ApiBaseUrl, TokenUrl = slack.TokenUrl,
                ClientId = slack.ClientId, Operation = run.Operation, Calls = run.Calls, Concurrency = run.Concurrency,
                Duration = run.Duration, CallTimeout = run.CallTimeout,
            };
            var options = template.CreateOptions(slack.ClientSecret);
            options.OpenBrowser = SandboxBrowser.OpenAsync;
            options.ConnectTimeout = TimeSpan.FromSeconds(30);
            options.Providers["slack"].AuthorizationUrl = slack.AuthorizationUrl;

            // A fresh app per run, so the audit rows counted below are this run's alone.
            var admin = AlterAdmin.Open(options);
            var appName = "load-" + Guid.NewGuid().ToString("N")[..8];
            admin.CreateApp(appName);
            var apiKey = admin.MintKey(appName).ApiKey;
            string grantId;
            await using (var app = new App(apiKey, options))
                grantId = (await app.Connect(["slack"], cancellationToken: cancellationToken))[0].GrantId;
            if (run.ExpireFirst) sandbox.State.ExpireAccessTokens("slack"); // every process's first call meets a dead token
            var (tokensBefore, refreshesBefore) = (sandbox.State.TokenRequests("slack"), sandbox.State.RefreshRequests("slack"));
            Console.WriteLine($"store: {run.Store.ToString().ToLowerInvariant()} ({admin.DatabasePath}), app {appName}, grant {grantId}");
            Console.WriteLine($"running {run.Processes} process(es) x {run.Calls} calls, {run.Concurrency} in flight each, at most {run.Duration.TotalSeconds:0} s; operation {Operations.Name(run.Operation)}; expire first: {run.ExpireFirst}");

            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, run.Processes)
                .Select(i => RunWorkerAsync(template with { GrantId = grantId, Index = i }, apiKey, slack.ClientSecret, cancellationToken)).ToList();
            var results = await Task.WhenAll(workers);
            var wall = clock.Elapsed;

            var total = new LatencyHistogram();
            long ok = 0, cancelled = 0;
            var errors = new Dictionary<string, long>();
            var problems = new List<string>();
            foreach (var (summary, problem) in results)
            {
                if (problem is not null) problems.Add(problem);
                if (summary is null) continue;
                ok += summary.Ok;
                cancelled += summary.Cancelled;
                total.Add(summary.Latencies);
                foreach (var (type, n) in summary.Errors) errors[type] = errors.GetValueOrDefault(type) + n;
                foreach (var (type, message) in summary.FirstMessages) Console.WriteLine($"  worker {summary.Worker}: first {type}: {message}");
            }
            var failed = errors.Values.Sum();

            long rows;
            GrantStatus? status;
            await using (var reader = new App(apiKey, options))
            {
                rows = (await reader.Audit(new AuditQuery { GrantId = grantId, Operation = Operations.Name(run.Operation), Limit = 100_000 }, cancellationToken)).Count;
                status = reader.GetGrant(grantId)?.Status;
            }
            var tokenRequests = sandbox.State.TokenRequests("slack") - tokensBefore;
            var refreshes = sandbox.State.RefreshRequests("slack") - refreshesBefore;

            var seconds = wall.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls: {ok + failed} made, {ok} ok, {failed} failed, {cancelled} cancelled by --duration, in {seconds:0.00} s (workers' start-up included)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls/s: {ok / seconds:0.0}  (per process, calls phase only: {string.Join(", ", results.Where(r => r.Summary is not null).Select(r => (r.Summary!.Ok / (r.Summary.ElapsedMs / 1000)).ToString("0.0", CultureInfo.InvariantCulture)))})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency: p50 {total.QuantileMs(0.5):0.0} ms, p99 {total.QuantileMs(0.99):0.0} ms"));
            Console.WriteLine($"token requests at the sandbox: {tokenRequests} (refreshes: {refreshes})");
            Console.WriteLine("errors: " + (errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Key} x{e.Value}"))));
            Console.WriteLine($"audit rows written: {rows} for {ok + failed} calls made ({ok} ok)");
            Console.WriteLine($"grant: {status?.ToString() ?? "missing"}");
            foreach (var problem in problems) Console.WriteLine("problem: " + problem);

            // Durable audit: every call that returned has its row. A failed call is unexpected here (the sandbox is up).
            var pass = failed == 0 && problems.Count == 0 && rows >= ok && status == GrantStatus.Active;
            Console.WriteLine(pass ? "result: ok" : "result: FAILED");
            return pass ? 0 : 1;
        }
        finally
        {
            if (folder is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
    }

    /// <summary>Runs one worker (this program, <c>worker</c> mode), bounded by the duration plus a grace; returns its summary or why there is none.</summary>
    private static async Task<(WorkerSummary? Summary, string? Problem)> RunWorkerAsync(WorkerSettings settings, string apiKey, string clientSecret, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in WorkerArguments(typeof(Coordinator).Assembly.Location, settings)) start.ArgumentList.Add(arg);
        start.Environment[WorkerSettings.ApiKeyVariable] = apiKey;
        start.Environment[WorkerSettings.ClientSecretVariable] = clientSecret;
        start.Environment[WorkerSettings.ConnectionVariable] = settings.Connection;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.Duration + WorkerGrace);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (null, $"worker {settings.Index} ran past --duration + {WorkerGrace.TotalSeconds:0} s and was killed");
        }
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var summary = lines.Select(WorkerSummary.FromLine).LastOrDefault(s => s is not null);
        if (summary is null) return (null, $"worker {settings.Index} exited {process.ExitCode} without a summary: {Tail(await stderr)}");
        return (summary, null);
    }

    /// <summary>The command line of a worker; the connection string goes in the environment (<see cref="WorkerSettings.ConnectionVariable"/>).</summary>
    public static IEnumerable<string> WorkerArguments(string dll, WorkerSettings s)
    {
        string[] args =
        [
            dll, "worker", "--store", s.Store.ToString().ToLowerInvariant(), "--grant", s.GrantId,
            "--api-base-url", s.ApiBaseUrl, "--token-url", s.TokenUrl, "--client-id", s.ClientId,
            "--operation", Operations.Name(s.Operation), "--calls", Num(s.Calls), "--concurrency", Num(s.Concurrency),
            "--duration", Num((int)Math.Ceiling(s.Duration.TotalSeconds)), "--call-timeout", Num((int)Math.Ceiling(s.CallTimeout.TotalSeconds)),
            "--index", Num(s.Index),
        ];
        return args;

        static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];
}

/// <summary>The operations' names as the audit log records them and as <c>--operation</c> takes them.</summary>
internal static class Operations
{
    public static string Name(LoadOperation operation) => operation == LoadOperation.AuthTest ? "auth.test" : "chat.postMessage";

    public static LoadOperation Parse(string name) => name switch
    {
        "chat.postMessage" => LoadOperation.PostMessage,
        "auth.test" => LoadOperation.AuthTest,
        _ => throw new ArgumentException($"--operation must be chat.postMessage or auth.test, not {name}"),
    };
}
