using System.Security.Cryptography;
using Alter.Typed.Apps;
using Alter.Typed.Vault;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Databases written by older releases, built here by hand with the DDL each release's fresh install ran (schema v1:
/// commit 7c28573, v2: 91cab86, v3: 082648e, v4: 61e7d1a), filled with an app, a key, a grant with sealed tokens and an
/// audit row, then opened by this release: the same tables and columns as a fresh install, and every row still readable.
/// Since v5 every grant has an owner: the old ones become the app's own (system) grants, their old principal label kept.
/// </summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-migrate-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _vaultKey = RandomNumberGenerator.GetBytes(32);

    public SchemaMigrationTests() => Directory.CreateDirectory(_directory);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void An_old_database_is_upgraded_to_the_latest_schema_with_its_data(int oldVersion)
    {
        var path = Path.Combine(_directory, $"v{oldVersion}.db");
        var (apiKey, grantId) = CreateOldDatabase(path, oldVersion);

        var db = new SqliteDatabase(path);

        Assert.Equal(SchemaMigrations.Latest, UserVersion(path));
        Assert.Equal(Schema(FreshDatabase()), Schema(path));
        var app = AlterAdmin.Authenticate(db, apiKey);
        Assert.Equal("legacy", app.Name);
        var grants = new GrantStore(db, new TokenCipher(_vaultKey), app.Id, TimeProvider.System);
        var grant = Assert.Single(grants.ListAllOwners());
        Assert.Equal((grantId, "slack", Principal.ForApp(app.Id), "T1/U1"), (grant.Id, grant.Provider, grant.Owner, grant.Account)); // v5: the app's
        Assert.Equal(grantId, grants.Find(grantId, Principal.ForApp(app.Id))?.Id);          // found by its owner, in SQL
        Assert.Null(grants.Find(grantId, Principal.User("https://idp.test/", "alice")));   // the old label grants nothing
        Assert.Equal("alice", Scalar(path, "SELECT principal FROM grants"));                // and is kept
        Assert.Equal(["chat:write", "channels:read"], grant.Scopes);
        Assert.Empty(grant.ConnectionValues);                                                 // v3's column, empty for old rows
        var (tokens, version) = grants.ReadTokens(grantId)!.Value;
        Assert.Equal(("xoxb-old", "xoxe-old"), (tokens.AccessToken, tokens.RefreshToken));
        Assert.Equal(3, version);
        Assert.True(grants.TryLeaseRefresh(grantId, version, DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow)); // v2's column
        var admin = AlterAdmin.Open(new AlterOptions { DatabasePath = path, VaultKey = _vaultKey });
        admin.ConfigureProvider("legacy", "slack", new ProviderSettings { ClientId = "client-1", ClientSecret = "s" });    // v4's table
        Assert.Equal("client-1", Assert.Single(admin.ListProviderSettings("legacy")).ClientId);
        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM audit WHERE operation = 'chat.postMessage'"));
        var audit = admin.VerifyAudit("legacy"); // v12: the old row is counted as written before the chain, not hashed
        Assert.Equal((true, 1L, 0L), (audit.Intact, audit.LegacyRows, audit.RowsVerified));
    }

    [Fact]
    public void A_fresh_install_runs_every_step_and_reopening_runs_none()
    {
        var path = FreshDatabase();
        Assert.Equal(SchemaMigrations.Latest, UserVersion(path));
        Assert.Equal(Enumerable.Range(1, SchemaMigrations.Latest), SchemaMigrations.Steps.Select(s => s.Version)); // ordered, no gap

        var before = Schema(path);
        _ = new SqliteDatabase(path);
        Assert.Equal(before, Schema(path));
    }

    [Fact]
    public void A_step_that_fails_changes_nothing_and_says_which_step()
    {
        // A hand-edited v1 file that already has v2's column: step 2 fails; steps 3 to 5 must not half-apply.
        var path = Path.Combine(_directory, "edited.db");
        CreateOldDatabase(path, 1);
        Execute(path, "ALTER TABLE tokens ADD COLUMN refresh_lease_until INTEGER NULL;");

        var error = Assert.Throws<AlterException>(() => new SqliteDatabase(path));

        Assert.Contains("schema 2", error.Message);
        Assert.Contains("Nothing was changed", error.Message);
        Assert.Equal(1, UserVersion(path));
        Assert.DoesNotContain("connection", Schema(path));
        Assert.DoesNotContain("provider_settings", Schema(path));
        Assert.DoesNotContain("owner", Schema(path));
    }

    [Fact]
    public void A_database_from_a_newer_release_is_refused()
    {
        var path = FreshDatabase();
        Execute(path, $"PRAGMA user_version = {SchemaMigrations.Latest + 1};");

        var error = Assert.Throws<AlterException>(() => new SqliteDatabase(path));

        Assert.Contains("newer AlterTyped", error.Message);
        Assert.Contains("upgrade the package", error.Message);
    }

    [Fact]
    public async Task Processes_opening_one_fresh_file_at_once_all_succeed()
    {
        var path = Path.Combine(_directory, "race.db");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new SqliteDatabase(path))));

        Assert.Equal(SchemaMigrations.Latest, UserVersion(path));
    }

    /// <summary>What release N's fresh install created, then one row in each table.</summary>
    private (string ApiKey, string GrantId) CreateOldDatabase(string path, int version)
    {
        var providerSettings = version >= 4
            ? "CREATE TABLE provider_settings (app_id TEXT NOT NULL REFERENCES apps(id), provider TEXT NOT NULL, client_id TEXT NULL, secret_envelope BLOB NULL, overrides TEXT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (app_id, provider));"
            : "";
        var ddl = $"""
            CREATE TABLE apps (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
            CREATE TABLE api_keys (id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), hash BLOB NOT NULL,
                created_at INTEGER NOT NULL, revoked_at INTEGER NULL);
            CREATE TABLE grants (id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), provider TEXT NOT NULL,
                principal TEXT NOT NULL, account TEXT NULL, scopes TEXT NOT NULL, status TEXT NOT NULL,
                created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL{(version >= 3 ? ", connection TEXT NULL" : "")});
            CREATE INDEX grants_by_app_provider ON grants(app_id, provider);
            CREATE TABLE tokens (grant_id TEXT PRIMARY KEY REFERENCES grants(id) ON DELETE CASCADE, envelope BLOB NOT NULL,
                expires_at INTEGER NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL{(version >= 2 ? ", refresh_lease_until INTEGER NULL" : "")});
            CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, app_id TEXT NOT NULL, caller TEXT NOT NULL,
                principal TEXT NULL, provider TEXT NOT NULL, operation TEXT NOT NULL, grant_id TEXT NULL,
                method TEXT NOT NULL, host TEXT NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
                latency_ms REAL NOT NULL, refreshed INTEGER NOT NULL);
            CREATE INDEX audit_by_app_time ON audit(app_id, at);
            {providerSettings}
            PRAGMA user_version = {version};
            """;
        var (keyId, apiKey) = ApiKeyFormat.Create();
        var appId = "app_" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        var grantId = "grant_" + RandomNumberGenerator.GetHexString(20, lowercase: true);
        var tokens = new TokenSet("xoxb-old", "xoxe-old", DateTimeOffset.UtcNow.AddHours(1)).ToJsonBytes();
        var envelope = new TokenCipher(_vaultKey).Seal(tokens, "alter-token:" + grantId);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, ddl);
        Execute(connection, """
            INSERT INTO apps VALUES ($app, 'legacy', 1700000000000);
            INSERT INTO api_keys (id, app_id, hash, created_at) VALUES ($key, $app, $hash, 1700000000000);
            INSERT INTO grants (id, app_id, provider, principal, account, scopes, status, created_at, updated_at)
                VALUES ($grant, $app, 'slack', 'alice', 'T1/U1', 'chat:write channels:read', 'active', 1700000000000, 1700000000000);
            INSERT INTO tokens (grant_id, envelope, expires_at, version, updated_at) VALUES ($grant, $envelope, NULL, 3, 1700000000000);
            INSERT INTO audit (at, app_id, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed)
                VALUES (1700000000000, $app, 'legacy', 'alice', 'slack', 'chat.postMessage', $grant, 'POST', 'slack.com', 200, 'ok', 12.5, 0);
            """, ("$app", appId), ("$key", keyId), ("$hash", ApiKeyFormat.Hash(apiKey)), ("$grant", grantId), ("$envelope", envelope));
        return (apiKey, grantId);
    }

    private string FreshDatabase()
    {
        var path = Path.Combine(_directory, "fresh-" + Guid.NewGuid().ToString("N") + ".db");
        _ = new SqliteDatabase(path);
        return path;
    }

    /// <summary>Every table's columns (name, type, not null, primary key) and every index, in a stable order.</summary>
    private static string Schema(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        var lines = new List<string>();
        using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
        using var reader = tables.ExecuteReader();
        while (reader.Read())
        {
            lines.Add($"{reader.GetString(0)} {reader.GetString(1)} on {reader.GetString(2)}");
            if (reader.GetString(0) != "table") continue;
            using var columns = connection.CreateCommand();
            columns.CommandText = $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{reader.GetString(1)}') ORDER BY cid";
            using var c = columns.ExecuteReader();
            while (c.Read()) lines.Add($"  {c.GetString(0)} {c.GetString(1)} notnull={c.GetInt64(2)} pk={c.GetInt64(3)}");
        }
        return string.Join('\n', lines);
    }

    private static int UserVersion(string path) => (int)(long)Scalar(path, "PRAGMA user_version;")!;

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
