using System.Security.Cryptography;
using System.Web;
using Alter.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Alter.Typed.AspNetCore.Tests.Support;

/// <summary>
/// <c>app.WebConnect</c> without a web server: a sandbox and an app sharing one <see cref="FakeTimeProvider"/>, a store in
/// a temp folder, and a redirect URI nobody listens on (the test reads the sandbox's redirect and calls CompleteAsync itself).
/// </summary>
internal sealed class CoreWorld : IAsyncDisposable
{
    public static readonly Uri RedirectUri = new("http://127.0.0.1:9/alter/callback");

    private CoreWorld(SandboxServer sandbox, FakeTimeProvider time, string directory, App app) => (Sandbox, Time, Directory, App) = (sandbox, time, directory, app);

    public SandboxServer Sandbox { get; }
    public FakeTimeProvider Time { get; }
    public string Directory { get; }
    public App App { get; }
    public string DatabasePath => Path.Combine(Directory, "alter.db");

    public static async Task<CoreWorld> StartAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = time });
        var directory = Path.Combine(Path.GetTempPath(), "alter-webconnect-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var options = new AlterOptions { DatabasePath = Path.Combine(directory, "alter.db"), VaultKey = RandomNumberGenerator.GetBytes(32), TimeProvider = time };
        foreach (var id in new[] { "slack", "github" })
        {
            var p = sandbox.Provider(id);
            options.Providers[id] = new ProviderSettings
            {
                ClientId = p.ClientId, ClientSecret = p.ClientSecret, AuthorizationUrl = p.AuthorizationUrl, TokenUrl = p.TokenUrl,
                RevocationUrl = p.RevocationUrl, ApiBaseUrl = p.ApiBaseUrl, AllowedHosts = [p.Authority],
            };
        }
        var admin = AlterAdmin.Open(options);
        admin.CreateApp("core");
        return new CoreWorld(sandbox, time, directory, new App(admin.MintKey("core").ApiKey, options));
    }

    /// <summary>Lets the sandbox consent to <paramref name="authorizeUrl"/>: the callback's state and code, not delivered.</summary>
    public static async Task<(string State, string Code)> ConsentAsync(Uri authorizeUrl)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.GetAsync(authorizeUrl);
        var callback = response.Headers.Location ?? throw new InvalidOperationException($"The sandbox answered {(int)response.StatusCode} without a redirect.");
        Assert.StartsWith(RedirectUri.AbsoluteUri + "?", callback.AbsoluteUri, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(callback.Query);
        return (query["state"]!, query["code"]!);
    }

    public long Count(string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public int Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Sandbox.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
