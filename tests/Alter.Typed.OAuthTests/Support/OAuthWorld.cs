using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Alter.Typed.OAuthTests.Support;

/// <summary>
/// One isolated world per test: an OpenIddict server with its own store and clock, a fresh Alter store (SQLite file in a
/// temp folder) with a random vault key, an app with a minted API key, and the fake browser. The server and the runtime
/// share one <see cref="FakeTimeProvider"/>: <see cref="ExpireAccessTokens"/> moves both past the access token's lifetime.
/// </summary>
internal sealed class OAuthWorld : IAsyncDisposable
{
    public const string ProviderId = "oidc";
    private const string AppName = "oauth-tests";

    private readonly byte[] _vaultKey = RandomNumberGenerator.GetBytes(32);

    private OAuthWorld(OpenIddictTestServer server, FakeTimeProvider time, string directory)
    {
        (Server, Time, Directory) = (server, time, directory);
        Browser = new FakeBrowser(server.BaseUri);
        Descriptor = new ProviderDescriptor
        {
            Id = ProviderId,
            Name = "TestAuthServer",
            Auth = new ProviderAuth
            {
                Kind = AuthKind.OAuth2,
                AuthorizationUrl = server.AuthorizationEndpoint.ToString(),
                TokenUrl = server.TokenEndpoint.ToString(),
                RevocationUrl = server.RevocationEndpoint.ToString(),
                Pkce = true,
                ScopeSeparator = " ",
                DefaultScopes = [TestClientRegistration.ApiScope, "offline_access"],
                ClientAuthentication = ClientAuthentication.ClientSecretPost,
            },
            Api = new ProviderApi { BaseUrl = server.ApiBase.ToString(), AllowedHosts = [server.Authority], JsonNaming = "camelCase" },
            Errors = new ProviderErrorConvention { ReauthStatus = [401] },
        };
        var admin = AlterAdmin.Open(CreateOptions());
        admin.CreateApp(AppName);
        ApiKey = admin.MintKey(AppName).ApiKey;
    }

    public OpenIddictTestServer Server { get; }
    public FakeTimeProvider Time { get; }
    public string Directory { get; }
    public FakeBrowser Browser { get; }
    public ProviderDescriptor Descriptor { get; }
    public string ApiKey { get; }
    public string DatabasePath => Path.Combine(Directory, "alter.db");

    public static async Task<OAuthWorld> StartAsync(TestServerOptions? serverOptions = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await OpenIddictTestServer.StartAsync(time, serverOptions);
        var directory = Path.Combine(Path.GetTempPath(), "alter-oauth-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new OAuthWorld(server, time, directory);
    }

    /// <summary>Options of an app on this world's store: same database file and vault key each time (so two apps act like two processes).</summary>
    public AlterOptions CreateOptions(HttpMessageHandler? primaryHandler = null, Func<Uri, CancellationToken, Task>? openBrowser = null, TimeSpan? connectTimeout = null)
    {
        var options = new AlterOptions
        {
            HomeDirectory = Directory,
            DatabasePath = DatabasePath,
            VaultKey = _vaultKey,
            TimeProvider = Time,
            PrimaryHandler = primaryHandler,
            OpenBrowser = openBrowser ?? Browser.OpenAsync,
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(20),
        };
        options.Providers[ProviderId] = new ProviderSettings { ClientId = TestClientRegistration.ClientId, ClientSecret = TestClientRegistration.ClientSecret };
        return options;
    }

    public TestApp OpenApp(AlterOptions? options = null) => new(ApiKey, options ?? CreateOptions(), Descriptor);

    /// <summary>Moves the shared clock past the access token's lifetime (and the runtime's refresh skew).</summary>
    public void ExpireAccessTokens() => Time.Advance(TimeSpan.FromHours(2));

    /// <summary>Counts rows of the runtime's store directly: (grants, encrypted token sets).</summary>
    public (long Grants, long Tokens) VaultRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var grants = connection.CreateCommand();
        grants.CommandText = "SELECT COUNT(*) FROM grants";
        using var tokens = connection.CreateCommand();
        tokens.CommandText = "SELECT COUNT(*) FROM tokens";
        return ((long)grants.ExecuteScalar()!, (long)tokens.ExecuteScalar()!);
    }

    /// <summary>Fails if <paramref name="text"/> contains any code or token the server issued, or any code the browser carried.</summary>
    public void AssertNoSecretIn(string text)
    {
        foreach (var secret in Server.Issued.All.Concat(Browser.CodesSeen).Distinct())
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A code or token leaked into: {text}");
        Assert.DoesNotContain(TestClientRegistration.ClientSecret, text, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Server.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
