using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Alter.Typed.Vault;

/// <summary>
/// The embedded store: one SQLite file with apps, API key hashes, grants, encrypted tokens and the audit log.
/// Connections are short-lived and pooled; WAL lets several processes (an app and the <c>alter</c> tool) share the file.
/// </summary>
internal sealed class SqliteDatabase : AlterDatabase
{
    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        StoreFiles.CreateFolder(System.IO.Path.GetDirectoryName(Path)!);
        StoreFiles.SecureDatabase(Path);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        EnsureSchema();
    }

    public string Path { get; }
    public string ConnectionString { get; }

    /// <inheritdoc/>
    public override string Description => "the store at " + Path;

    /// <inheritdoc/>
    public override DbConnection Open() => OpenSqlite();

    /// <inheritdoc/>
    /// <remarks>SQLite has one writer per file: <c>BEGIN IMMEDIATE</c> takes it, whatever the key.</remarks>
    public override DbTransaction BeginWrite(DbConnection connection, string key) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <inheritdoc/>
    public override bool IsUniqueViolation(DbException e) => e is SqliteException { SqliteErrorCode: 19 }; // SQLITE_CONSTRAINT

    /// <inheritdoc/>
    /// <remarks>Every connection runs with <c>secure_delete</c>; what remains is the write-ahead log: <see cref="CheckpointAndTruncateLog"/>.</remarks>
    public override void WipeFreedContent() => CheckpointAndTruncateLog();

    /// <inheritdoc/>
    /// <remarks>Null: SQLite's rows are written by the audit log's own writer (<c>AuditLog.Sqlite.cs</c>, its measured hot path).</remarks>
    public override Audit.AuditBatchWriter? CreateAuditWriter() => null;

    /// <inheritdoc/>
    public override AuditVerification VerifyAudit(string appId, Audit.AuditChainKeys keys)
    {
        using var connection = OpenSqlite();
        return Audit.AuditChainVerifier.VerifySnapshot(connection, appId, keys);
    }

    /// <inheritdoc/>
    public override AuditPruneResult PruneAudit(string appId, Audit.AuditChainKeys keys, DateTimeOffset cutoff) => Audit.AuditRetention.Prune(this, appId, keys, cutoff);

    /// <inheritdoc/>
    public override string DescribeError(Exception e) => e is SqliteException sqlite ? $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message}" : e.GetType().Name + ": " + e.Message;

    /// <summary>Opens a pooled connection with the store's pragmas.</summary>
    public SqliteConnection OpenSqlite()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // secure_delete: content a delete or an update frees (a removed user's sealed tokens, a rotated token's old
        // envelope) is overwritten with zeros rather than left in free space, on every connection that might free it.
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Copies the write-ahead log into the database file and truncates it to zero bytes, so that page images from before
    /// a delete are gone from disk. A reader holding an old snapshot (another process mid-read) keeps the log alive: the
    /// checkpoint is retried briefly, then reported as an error rather than silently leaving the pages there.
    /// </summary>
    private void CheckpointAndTruncateLog()
    {
        using var connection = OpenSqlite();
        for (var attempt = 0; ; attempt++)
        {
            using var checkpoint = connection.Command("PRAGMA wal_checkpoint(TRUNCATE);");
            using var reader = checkpoint.ExecuteReader();
            // One row: busy (1 when a reader or writer blocked it), pages in the log, pages checkpointed.
            if (reader.Read() && reader.GetInt64(0) == 0) return;
            if (attempt == 20)
                throw new AlterException($"The write-ahead log of {Path} could not be truncated: another connection kept reading it. The deleted rows are gone from the tables; run `alter users remove` again when other processes are idle to wipe their old pages from disk.");
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Brings the file to <see cref="SchemaMigrations.Latest"/> by running the steps after its version, all in one
    /// immediate transaction: a crash leaves the old version whole, and of two processes opening a fresh file at once
    /// the second waits, re-reads the version inside the transaction and finds nothing left to do.
    /// </summary>
    private void EnsureSchema()
    {
        using var connection = OpenSqlite();
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
