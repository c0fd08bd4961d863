using System.Security.Cryptography;
using Alter.Sandbox;
using Alter.Typed;

namespace Alter.Benchmarks;

/// <summary>
/// What the benchmarks share: the sandbox (for Connect, over loopback), and one store per app so that an app's audit
/// writer never waits on another's lock. Each app is connected once over the real network, then reopened on the
/// network the benchmark measures (an in-memory handler), like the alternatives it is compared with.
/// </summary>
internal sealed class BenchWorld : IAsyncDisposable
{
    private readonly SandboxServer _sandbox;
    private readonly List<string> _directories = [];
    private readonly List<App> _apps = [];

    private BenchWorld(SandboxServer sandbox) => _sandbox = sandbox;

    public static async Task<BenchWorld> StartAsync() => new(await SandboxServer.StartAsync());

    /// <summary>The sandbox's Slack API base URL: every variant sends there (the in-memory handlers ignore it).</summary>
    public string SlackApiBaseUrl => _sandbox.Provider("slack").ApiBaseUrl;

    /// <summary>An app with its own store, a Slack grant, and the given audit mode, sending to <paramref name="network"/>.</summary>
    public async Task<(App App, Alter.Typed.Slack.SlackClient Slack)> OpenAsync(AuditMode mode, HttpMessageHandler network)
    {
        var directory = Path.Combine(Path.GetTempPath(), "alter-bench-" + Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        var vaultKey = RandomNumberGenerator.GetBytes(32);
        var p = _sandbox.Provider("slack");
        AlterOptions Options(HttpMessageHandler primary) => new()
        {
            DatabasePath = Path.Combine(directory, "alter.db"),
            VaultKey = vaultKey,
            PrimaryHandler = primary,
            OpenBrowser = SandboxBrowser.OpenAsync,
            AuditMode = mode,
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

        var admin = AlterAdmin.Open(Options(new SocketsHttpHandler()));
        admin.CreateApp("bench");
        var key = admin.MintKey("bench").ApiKey;
        string grant;
        await using (var connecting = new App(key, Options(new SocketsHttpHandler())))
        {
            grant = (await connecting.Connect(["slack"]))[0].GrantId;
        }
        var app = new App(key, Options(network));
        _apps.Add(app);
        var slack = app.Slack.WithGrant(grant);
        await slack.Chat.PostMessage(new() { Channel = "#general", Text = "warm" });
        return (app, slack);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await _sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var directory in _directories) Directory.Delete(directory, true);
    }
}
