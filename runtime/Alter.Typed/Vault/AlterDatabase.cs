using Microsoft.Data.Sqlite;

namespace Alter.Typed.Vault;

/// <summary>
/// The embedded store: one SQLite file with apps, API key hashes, grants, encrypted tokens and the audit log.
/// Connections are short-lived and pooled; WAL lets several processes (an app and the <c>alter</c> tool) share the file.
/// </summary>
internal sealed class AlterDatabase
{
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

    /// <summary>
    /// Brings the file to <see cref="SchemaMigrations.Latest"/> by running the steps after its version, all in one
    /// immediate transaction: a crash leaves the old version whole, and of two processes opening a fresh file at once
    /// the second waits, re-reads the version inside the transaction and finds nothing left to do.
    /// </summary>
    private void EnsureSchema()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;"; // not allowed inside a transaction
        command.ExecuteNonQuery();
        if (ReadVersion(command) == SchemaMigrations.Latest) return;
        using var tx = connection.BeginTransaction(deferred: false);
        command.Transaction = tx;
        var version = ReadVersion(command);
        foreach (var step in SchemaMigrations.Steps)
        {
            if (step.Version <= version) continue;
            command.CommandText = step.Sql + $"PRAGMA user_version = {step.Version};";
            try { command.ExecuteNonQuery(); }
            catch (SqliteException e)
            {
                throw new AlterException($"Upgrading the database {Path} to schema {step.Version} ({step.What}) failed: {e.Message} Nothing was changed; restore a backup if the file was edited by hand, or report this.", e);
            }
        }
        tx.Commit();
    }

    private int ReadVersion(SqliteCommand command)
    {
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaMigrations.Latest)
            throw new AlterException($"The database {Path} was written by a newer AlterTyped (schema {version}; this one knows {SchemaMigrations.Latest}); upgrade the package.");
        return version;
    }
}
