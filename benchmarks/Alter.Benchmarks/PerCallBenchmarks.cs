using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Alter.Sandbox;
using Alter.Typed;
using BenchmarkDotNet.Attributes;
using Refit;

namespace Alter.Benchmarks;

/// <summary>
/// The per-call cost of a typed call through the credential pipeline (grant resolved, token cached, audit on)
/// against what a user would otherwise write: hand-written HttpClient + System.Text.Json, and plain Refit.
/// The network is in memory so only client-side work is measured.
/// </summary>
[MemoryDiagnoser]
public class PerCallBenchmarks
{
    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    // One request object per variant, built once, as each alternative reuses its own.
    private readonly PostMessageRequest _request = new() { Channel = "#general", Text = "Hello from Alter." };
    private readonly Alter.Typed.Slack.ChatPostMessageRequest _typedRequest = new() { Channel = "#general", Text = "Hello from Alter." };
    private SandboxServer _sandbox = null!;
    private App _app = null!;
    private string _dir = null!;
    private Alter.Typed.Slack.SlackClient _slack = null!;
    private HttpClient _handWritten = null!;
    private ISlackApi _refit = null!;
    private const string Token = "fake-benchmark-token";
    private readonly byte[] _vaultKey = RandomNumberGenerator.GetBytes(32);

    [GlobalSetup]
    public async Task Setup()
    {
        _sandbox = await SandboxServer.StartAsync();
        _dir = Path.Combine(Path.GetTempPath(), "alter-bench-" + Guid.NewGuid().ToString("N"));
        var p = _sandbox.Provider("slack");
        AlterOptions Options(HttpMessageHandler network) => new()
        {
            DatabasePath = Path.Combine(_dir, "alter.db"),
            VaultKey = _vaultKey,
            PrimaryHandler = network,
            OpenBrowser = SandboxBrowser.OpenAsync,
            AuditFlushInterval = TimeSpan.FromMilliseconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_FLUSH_MS") ?? "1000", System.Globalization.CultureInfo.InvariantCulture)),
            Providers =
            {
                ["slack"] = new ProviderSettings
                {
                    ClientId = p.ClientId, ClientSecret = p.ClientSecret, AuthorizationUrl = p.AuthorizationUrl,
                    TokenUrl = p.TokenUrl, ApiBaseUrl = p.ApiBaseUrl, AllowedHosts = [p.Authority],
                },
            },
        };

        // Connect once over the real (loopback) network with one app instance; the measured instance shares the store
        // and sends to the in-memory network directly, like the two alternatives (no routing handler in the measured path).
        var admin = AlterAdmin.Open(Options(new SocketsHttpHandler()));
        admin.CreateApp("bench");
        var key = admin.MintKey("bench").ApiKey;
        string grant;
        await using (var connecting = new App(key, Options(new SocketsHttpHandler())))
        {
            grant = (await connecting.Connect(["slack"]))[0].GrantId;
        }
        _app = new App(key, Options(new CannedSlackHandler()));
        _slack = _app.Slack.WithGrant(grant);
        await _slack.Chat.PostMessage(new() { Channel = "#general", Text = "warm" });

        _handWritten = new HttpClient(new CannedSlackHandler()) { BaseAddress = new Uri(p.ApiBaseUrl) };
        _refit = RestService.For<ISlackApi>(new HttpClient(new CannedSlackHandler()) { BaseAddress = new Uri(p.ApiBaseUrl.TrimEnd('/')) },
            new RefitSettings(new SystemTextJsonContentSerializer(SnakeCase)));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        // Backpressure (a caller writing audit rows itself) should not happen here: the writer keeps up when woken early.
        Console.WriteLine($"// audit: callers wrote part of a backlog {_app.AuditLog.BacklogWrites} times");
        await _app.DisposeAsync();
        await _sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

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

    [Benchmark(Description = "AlterTyped (grant, cached token, audit)")]
    public async Task<string?> AlterTyped()
    {
        var sent = await _slack.Chat.PostMessage(_typedRequest);
        return sent.Ts;
    }
}
