using System.Collections.Concurrent;
using System.Security.Cryptography;
using Alter.Sandbox;
using Alter.Typed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alter.Typed.Tests;

/// <summary>
/// One isolated world per test: a sandbox provider server on loopback, a fresh SQLite store in a temp folder,
/// a random vault key, an app with a minted key, every log event captured and every request that left the process recorded.
/// </summary>
internal sealed class TestWorld : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private TestWorld(SandboxServer sandbox, string directory, AlterOptions options, string apiKey, FakeLogCollector logs, WireRecorder wire, ILoggerFactory loggerFactory, FakeTimeProvider? time, TestStore store)
    {
        (Sandbox, Directory, Options, ApiKey, Logs, Wire, _loggerFactory, Time, Store) = (sandbox, directory, options, apiKey, logs, wire, loggerFactory, time, store);
    }

    /// <summary>The store this world runs on.</summary>
    public TestStore Store { get; }

    /// <summary>
    /// Asserts that <paramref name="secret"/> is nowhere in the store: no byte of the SQLite file and its log, or no row
    /// of any PostgreSQL table (as text, and binary columns as hex).
    /// </summary>
    public void AssertNotStored(string secret)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(secret);
        if (Store == TestStore.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in System.IO.Directory.GetFiles(Directory, "alter.db*"))
                if (File.ReadAllBytes(file).AsSpan().IndexOf(bytes) >= 0) throw new Xunit.Sdk.XunitException($"The secret was found in {file}.");
            return;
        }
        using var connection = new Npgsql.NpgsqlConnection(Options.ConnectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = new Npgsql.NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        using (var reader = list.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        Xunit.Assert.NotEmpty(tables);
        var hex = Convert.ToHexStringLower(bytes);
        foreach (var table in tables)
        {
            using var rows = new Npgsql.NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                var row = reader.GetString(0);
                if (row.Contains(secret, StringComparison.Ordinal) || row.Contains(hex, StringComparison.Ordinal))
                    throw new Xunit.Sdk.XunitException($"The secret was found in a row of table {table}.");
            }
        }
    }

    public SandboxServer Sandbox { get; }
    public string Directory { get; }
    public AlterOptions Options { get; }
    public string ApiKey { get; }
    public FakeLogCollector Logs { get; }
    public WireRecorder Wire { get; }
    public FakeTimeProvider? Time { get; }
    public string DatabasePath => Options.DatabasePath!;

    public static Task<TestWorld> StartAsync(bool fakeTime = false, TimeSpan? accessTokenLifetime = null, bool refreshTokens = true)
        => StartAsync(TestStore.Sqlite, fakeTime, accessTokenLifetime, refreshTokens);

    /// <summary>A world whose store is <paramref name="store"/>: a SQLite file, or a fresh database on the test PostgreSQL server.</summary>
    public static async Task<TestWorld> StartAsync(TestStore store, bool fakeTime = false, TimeSpan? accessTokenLifetime = null, bool refreshTokens = true)
    {
        var time = fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            TimeProvider = (TimeProvider?)time ?? TimeProvider.System,
            AccessTokenLifetime = accessTokenLifetime ?? TimeSpan.FromHours(12),
            UseRefreshTokens = refreshTokens,
        });
        var directory = Path.Combine(Path.GetTempPath(), "alter-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var logs = new FakeLogCollector();
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var wire = new WireRecorder();
        var options = new AlterOptions
        {
            DatabasePath = Path.Combine(directory, "alter.db"),
            VaultKey = RandomNumberGenerator.GetBytes(32),
            LoggerFactory = loggerFactory,
            PrimaryHandler = wire,
            OpenBrowser = SandboxBrowser.OpenAsync,
            ConnectTimeout = TimeSpan.FromSeconds(20),
        };
        if (time is not null) options.TimeProvider = time;
        if (store == TestStore.PostgreSql) options.UsePostgreSql(await Alter.Tests.Shared.Postgres.TestPostgres.CreateDatabaseAsync("world"));
        foreach (var p in sandbox.Providers)
        {
            options.Providers[p.Id] = new ProviderSettings
            {
                ClientId = p.ClientId, ClientSecret = p.ClientSecret,
                AuthorizationUrl = p.AuthorizationUrl, TokenUrl = p.TokenUrl, RefreshUrl = p.RefreshUrl, RevocationUrl = p.RevocationUrl,
                ApiBaseUrl = p.ApiBaseUrl, AllowedHosts = [p.Authority],
            };
        }
        var admin = AlterAdmin.Open(options);
        admin.CreateApp("tests");
        var key = admin.MintKey("tests");
        return new TestWorld(sandbox, directory, options, key.ApiKey, logs, wire, loggerFactory, time, store);
    }

    public App OpenApp() => new(ApiKey, Options);

    /// <summary>Every access and refresh token the sandbox handed out or saw, i.e. every secret that must not leak.</summary>
    public IReadOnlyList<string> SecretsSeen()
        => [.. Wire.IssuedTokens.Concat(Sandbox.State.ApiRequests.Select(r => r.Authorization).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!.Split(' ').Last())).Distinct()];

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        _loggerFactory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Which store a <see cref="TestWorld"/> runs on: the store tests run once per store, with the same assertions.</summary>
public enum TestStore
{
    /// <summary>The embedded default: a SQLite file in the world's folder.</summary>
    Sqlite,

    /// <summary>The shared store: a fresh database on the test process's PostgreSQL server (tests/Shared/Postgres).</summary>
    PostgreSql,
}

/// <summary>
/// The network edge: records each request that actually leaves the process, and every token a token endpoint
/// handed back, then passes the traffic on for real.
/// </summary>
internal sealed class WireRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Authorization)> Sent { get; } = new();
    public ConcurrentBag<string> IssuedTokens { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sent.Enqueue((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object)
                foreach (var name in new[] { "access_token", "refresh_token" })
                    if (json.RootElement.TryGetProperty(name, out var token) && token.GetString() is { Length: > 0 } value) IssuedTokens.Add(value);
        }
        return response;
    }
}
