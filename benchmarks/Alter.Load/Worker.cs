using System.Diagnostics;
using Alter.Typed;

namespace Alter.Load;

/// <summary>What a worker needs to open the shared app: passed by the coordinator (or a test) on the command line; secrets in the environment.</summary>
internal sealed record WorkerSettings
{
    /// <summary>Environment variables the secrets travel in, never on the command line (it shows in <c>ps</c>).</summary>
    public const string ApiKeyVariable = "ALTER_API_KEY", VaultKeyVariable = "ALTER_VAULT_KEY", ClientSecretVariable = "ALTER_LOAD_CLIENT_SECRET";

    /// <summary>The store's connection string when not given by <c>--connection</c> (a PostgreSQL one may hold a password).</summary>
    public const string ConnectionVariable = "ALTER_LOAD_CONNECTION";

    public required StoreKind Store { get; init; }

    /// <summary>The SQLite file, or the Npgsql connection string.</summary>
    public required string Connection { get; init; }

    public required string GrantId { get; init; }
    public required string ApiBaseUrl { get; init; }
    public required string TokenUrl { get; init; }
    public required string ClientId { get; init; }
    public required LoadOperation Operation { get; init; }
    public required int Calls { get; init; }
    public required int Concurrency { get; init; }
    public required TimeSpan Duration { get; init; }
    public required TimeSpan CallTimeout { get; init; }
    public int Index { get; init; }

    /// <summary>Test hook: requests to the token URL print <see cref="Worker.RefreshingLine"/> and never leave the process.</summary>
    public bool HangTokenRequests { get; init; }

    /// <summary>Print <see cref="Worker.ReadyLine"/> once the app is open, then wait for a line on stdin: the processes start their calls together.</summary>
    public bool WaitForGo { get; init; }

    /// <summary>The app's options for this store and the sandbox's Slack; the vault key from the environment.</summary>
    public AlterOptions CreateOptions(string? clientSecret)
    {
        var options = new AlterOptions
        {
            VaultKey = Convert.FromBase64String(Environment.GetEnvironmentVariable(VaultKeyVariable)
                ?? throw new InvalidOperationException(VaultKeyVariable + " is not set")),
            AuditMode = AuditMode.Durable, // the default, said out loud: the figures are for durable audit
            Timeout = CallTimeout,
        };
        if (Store == StoreKind.Postgres) options.UsePostgreSql(Connection);
        else options.DatabasePath = Connection;
        options.Providers["slack"] = new ProviderSettings
        {
            ClientId = ClientId, ClientSecret = clientSecret, TokenUrl = TokenUrl, ApiBaseUrl = ApiBaseUrl,
            AllowedHosts = [new Uri(ApiBaseUrl).Authority],
        };
        return options;
    }
}

/// <summary>The store the load runs on.</summary>
internal enum StoreKind { Sqlite, Postgres }

/// <summary>The Slack call each worker makes.</summary>
internal enum LoadOperation { PostMessage, AuthTest }

/// <summary>A worker process: makes its calls against one grant and prints one <see cref="WorkerSummary"/> line.</summary>
internal static class Worker
{
    /// <summary>Printed (test hook) when a token request is about to leave the process: this process holds the refresh lease.</summary>
    public const string RefreshingLine = "REFRESHING";

    /// <summary>Printed with <c>--wait-for-go</c> when the app is open and the calls wait for a line on stdin.</summary>
    public const string ReadyLine = "READY";

    public static async Task<int> RunAsync(WorkerSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.CreateOptions(Environment.GetEnvironmentVariable(WorkerSettings.ClientSecretVariable));
        if (settings.HangTokenRequests) options.PrimaryHandler = new HangingTokenHandler(new Uri(settings.TokenUrl));
        var apiKey = Environment.GetEnvironmentVariable(WorkerSettings.ApiKeyVariable) ?? throw new InvalidOperationException(WorkerSettings.ApiKeyVariable + " is not set");

        var summary = new WorkerSummary { Worker = settings.Index };
        await using (var app = new App(apiKey, options))
        {
            var slack = app.Slack.WithGrant(settings.GrantId);
            if (settings.WaitForGo)
            {
                Console.WriteLine(ReadyLine);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(settings.Duration); // bounded: a parent that never says go does not leave this process behind
                await Console.In.ReadLineAsync(wait.Token).ConfigureAwait(false);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(settings.Duration);
            var next = 0;
            var gate = new Lock();
            var clock = Stopwatch.StartNew();

            async Task LoopAsync()
            {
                while (!stop.IsCancellationRequested && Interlocked.Increment(ref next) <= settings.Calls)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        // Each call bounded by its own timeout as well as the run's duration: nothing waits forever.
                        using var call = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                        call.CancelAfter(settings.CallTimeout);
                        var ok = settings.Operation == LoadOperation.PostMessage
                            ? (await slack.Chat.PostMessage(new() { Channel = "#general", Text = "load" }, call.Token).ConfigureAwait(false)).Ok
                            : (await slack.Auth.Test(call.Token).ConfigureAwait(false)).Ok;
                        if (!ok) throw new InvalidOperationException("Slack answered ok: false");
                        summary.Latencies.Record(Stopwatch.GetElapsedTime(started));
                        Interlocked.Increment(ref summary.OkCount);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        lock (gate) summary.Cancelled++;
                    }
                    catch (Exception e)
                    {
                        var type = e.GetType().FullName ?? e.GetType().Name;
                        lock (gate)
                        {
                            summary.Errors[type] = summary.Errors.GetValueOrDefault(type) + 1;
                            summary.FirstMessages.TryAdd(type, e.Message);
                        }
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(LoopAsync, CancellationToken.None))).ConfigureAwait(false);
            summary.ElapsedMs = clock.Elapsed.TotalMilliseconds;
        }
        summary.Ok = summary.OkCount;
        summary.P50Ms = summary.Latencies.QuantileMs(0.50);
        summary.P99Ms = summary.Latencies.QuantileMs(0.99);
        Console.WriteLine(summary.ToLine());
        return summary.Failed == 0 ? 0 : 1;
    }

    /// <summary>Holds every token-endpoint request until the process dies (the kill test's refresh that never arrives).</summary>
    private sealed class HangingTokenHandler(Uri tokenUrl) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && Uri.Compare(uri, tokenUrl, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.Ordinal) == 0)
            {
                Console.WriteLine(RefreshingLine);
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
