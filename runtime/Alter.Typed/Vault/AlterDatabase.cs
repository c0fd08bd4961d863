using Microsoft.Data.Sqlite;

namespace Alter.Typed.Vault;

/// <summary>
/// The embedded store: one SQLite file with apps, API key hashes, grants, encrypted tokens and the audit log.
/// Connections are short-lived and pooled; WAL lets several processes (an app and the <c>alter</c> tool) share the file.
/// </summary>
internal sealed class AlterDatabase
{
    private const int SchemaVersion = 4;

    public AlterDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        StoreFiles.CreateFolder(System.IO.Path.GetDirectoryName(Path)!);
        StoreFiles.SecureDatabase(Path);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        EnsureSchema();
    }

    public string Path { get; }
    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>An app's OAuth client at a provider and its endpoint overrides; the secret is sealed like tokens.</summary>
    private const string ProviderSettingsTable = """
        CREATE TABLE IF NOT EXISTS provider_settings (
            app_id TEXT NOT NULL REFERENCES apps(id), provider TEXT NOT NULL, client_id TEXT NULL, secret_envelope BLOB NULL,
            overrides TEXT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (app_id, provider));
        """;

    private void EnsureSchema()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
            throw new AlterException($"The database {Path} was written by a newer AlterTyped (schema {version}); upgrade the package.");
        if (version == SchemaVersion) return;
        using var tx = connection.BeginTransaction();
        command.Transaction = tx;
        if (version is >= 1 and <= 3)
        {
            // v2: a cross-process refresh lease on the token row. v3: per-connection values of a grant.
            // v4: provider settings (OAuth client) stored per app.
            command.CommandText = (version <= 1 ? "ALTER TABLE tokens ADD COLUMN refresh_lease_until INTEGER NULL;" : "")
                + (version <= 2 ? "ALTER TABLE grants ADD COLUMN connection TEXT NULL;" : "")
                + ProviderSettingsTable + "PRAGMA user_version = 4;";
            command.ExecuteNonQuery();
            tx.Commit();
            return;
        }
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS apps (
                id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS api_keys (
                id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), hash BLOB NOT NULL,
                created_at INTEGER NOT NULL, revoked_at INTEGER NULL);
            CREATE TABLE IF NOT EXISTS grants (
                id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), provider TEXT NOT NULL,
                principal TEXT NOT NULL, account TEXT NULL, scopes TEXT NOT NULL, status TEXT NOT NULL,
                created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, connection TEXT NULL);
            CREATE INDEX IF NOT EXISTS grants_by_app_provider ON grants(app_id, provider);
            CREATE TABLE IF NOT EXISTS tokens (
                grant_id TEXT PRIMARY KEY REFERENCES grants(id) ON DELETE CASCADE, envelope BLOB NOT NULL,
                expires_at INTEGER NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                refresh_lease_until INTEGER NULL);
            CREATE TABLE IF NOT EXISTS audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, app_id TEXT NOT NULL, caller TEXT NOT NULL,
                principal TEXT NULL, provider TEXT NOT NULL, operation TEXT NOT NULL, grant_id TEXT NULL,
                method TEXT NOT NULL, host TEXT NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
                latency_ms REAL NOT NULL, refreshed INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_by_app_time ON audit(app_id, at);
            """ + ProviderSettingsTable + "PRAGMA user_version = 4;";
        command.ExecuteNonQuery();
        tx.Commit();
    }
}
