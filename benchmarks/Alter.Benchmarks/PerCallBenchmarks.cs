using System.Net.Http.Json;
using System.Text.Json;
using Alter.Typed;
using BenchmarkDotNet.Attributes;
using Refit;

namespace Alter.Benchmarks;

/// <summary>
/// The per-call cost of a typed call through the credential pipeline (grant resolved, token cached, audit on, buffered
/// or durable) against what a user would otherwise write: hand-written HttpClient + System.Text.Json, and plain Refit.
/// The network is in memory so only client-side work is measured.
/// </summary>
[MemoryDiagnoser]
public class PerCallBenchmarks
{
    internal static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    // One request object per variant, built once, as each alternative reuses its own.
    private readonly PostMessageRequest _request = new() { Channel = "#general", Text = "Hello from Alter." };
    private readonly Alter.Typed.Slack.ChatPostMessageRequest _typedRequest = new() { Channel = "#general", Text = "Hello from Alter." };
    private BenchWorld _world = null!;
    private App _bufferedApp = null!, _durableApp = null!;
    private Alter.Typed.Slack.SlackClient _buffered = null!, _durable = null!;
    private HttpClient _handWritten = null!;
    private ISlackApi _refit = null!;
    internal const string Token = "fake-benchmark-token";

    /// <summary>The network every variant sends to: in memory here, a 1 ms provider in <see cref="DelayedCallBenchmarks"/>.</summary>
    protected virtual HttpMessageHandler Network() => new CannedSlackHandler();

    [GlobalSetup]
    public async Task Setup()
    {
        _world = await BenchWorld.StartAsync();
        (_bufferedApp, _buffered) = await _world.OpenAsync(AuditMode.Buffered, Network());
        (_durableApp, _durable) = await _world.OpenAsync(AuditMode.Durable, Network());
        // BENCH_AUDIT_SYNC=full: an fsync per audit commit (SQLite synchronous=FULL) instead of the log's default, NORMAL.
        _durableApp.AuditLog.SyncEveryCommit = Environment.GetEnvironmentVariable("BENCH_AUDIT_SYNC") == "full";
        _handWritten = new HttpClient(Network()) { BaseAddress = new Uri(_world.SlackApiBaseUrl) };
        _refit = RestService.For<ISlackApi>(new HttpClient(Network()) { BaseAddress = new Uri(_world.SlackApiBaseUrl.TrimEnd('/')) },
            new RefitSettings(new SystemTextJsonContentSerializer(SnakeCase)));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        // Backpressure (a caller writing audit rows itself) should not happen here: the writer keeps up when woken early.
        Console.WriteLine($"// audit: callers wrote part of a backlog {_bufferedApp.AuditLog.BacklogWrites} times (buffered); " +
            $"durable transactions {_durableApp.AuditLog.Transactions}");
        await _world.DisposeAsync();
    }

    /// <summary>Writes the rows the buffered app has queued (the CPU mode counts that work as part of its calls).</summary>
    internal Task FlushBufferedAsync() => _bufferedApp.AuditLog.FlushAsync();

    /// <summary>Transactions the durable app's audit writer has committed so far.</summary>
    internal int DurableTransactions => _durableApp.AuditLog.Transactions;

    [Benchmark(Baseline = true, Description = "hand-written HttpClient + STJ")]
    public async Task<string?> HandWritten()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "chat.postMessage") { Content = JsonContent.Create(_request, options: SnakeCase) };
        message.Headers.Authorization = new("Bearer", Token);
        using var response = await _handWritten.SendAsync(message);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<PostMessageResponse>(SnakeCase);
        return body!.Ok ? body.Ts : throw new InvalidOperationException(body.Error);
    }

    [Benchmark(Description = "plain Refit")]
    public async Task<string?> Refit()
    {
        var body = await _refit.PostMessage(_request, Token);
        return body.Ok ? body.Ts : throw new InvalidOperationException(body.Error);
    }

    [Benchmark(Description = "AlterTyped, buffered audit")]
    public async Task<string?> AlterTypedBuffered()
    {
        var sent = await _buffered.Chat.PostMessage(_typedRequest);
        return sent.Ts;
    }

    [Benchmark(Description = "AlterTyped, durable audit")]
    public async Task<string?> AlterTypedDurable()
    {
        var sent = await _durable.Chat.PostMessage(_typedRequest);
        return sent.Ts;
    }
}

/// <summary>
/// The same four variants when the provider answers after 1 ms (<see cref="DelayedSlackHandler"/> in place of the
/// network): the target is durable ≤ 1.10× buffered here.
/// </summary>
[MemoryDiagnoser]
public class DelayedCallBenchmarks : PerCallBenchmarks
{
    /// <inheritdoc />
    protected override HttpMessageHandler Network() => new DelayedSlackHandler(TimeSpan.FromMilliseconds(1));
}
