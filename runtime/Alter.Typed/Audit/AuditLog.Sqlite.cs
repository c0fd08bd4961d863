using System.Collections.Concurrent;
using Alter.Typed.Vault;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>Writing rows to SQLite: transactions of up to <see cref="RowsPerTransaction"/> rows, multi-row prepared inserts bound through SQLitePCL, and the durable writer's own connection.</summary>
internal sealed partial class AuditLog
{
    /// <summary>Rows per transaction: large enough that commits are a small share, small enough to hold the lock briefly.</summary>
    private const int RowsPerTransaction = 10_000;

    /// <summary>Writes up to <paramref name="rows"/> queued rows, oldest first, in transactions of at most <see cref="RowsPerTransaction"/>.</summary>
    private void FlushCore(int rows, bool requeueOnFailure = true)
    {
        // One list for the life of the log (flushes are serialized by _flushLock): at high call rates a batch's array
        // is large-object-heap sized, and a new one per tick showed up as memset and gen-2 collections in profiles.
        var batch = _batch;
        while (rows > 0)
        {
            batch.Clear();
            while (batch.Count < Math.Min(RowsPerTransaction, rows) && _queue.TryDequeue(out var record)) batch.Add(record);
            if (batch.Count == 0) break;
            WriteBatch(batch, requeueOnFailure);
            rows -= batch.Count;
        }
        batch.Clear(); // drop the references to the rows' strings until the next flush
    }

    private const int Columns = 19;

    /// <summary>Rows per INSERT statement: one statement per row spends most of its time in SQLite's per-statement work.</summary>
    private const int RowsPerInsert = 32;

    private static string InsertSql(int rows)
    {
        var sql = new System.Text.StringBuilder(
            "INSERT INTO audit (id, at, app_id, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id, seq, mac) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 1; c <= Columns; c++) sql.Append(c == 1 ? "?" : ", ?").Append(r * Columns + c);
            sql.Append(')');
        }
        return sql.ToString();
    }

    private static readonly string InsertManySql = InsertSql(RowsPerInsert), InsertOneSql = InsertSql(1);

    /// <summary>
    /// Prepared multi-row statements bound by index through SQLitePCL (the library under Microsoft.Data.Sqlite):
    /// ADO.NET parameters look each name up, box numbers and transcode every string to a new UTF-8 array per row,
    /// which made the writer the busiest thread at high call rates. Strings go in as UTF-8 kept per string instance
    /// (a batch repeats the same caller, provider, operation and grant), so SQLite does not transcode them either.
    /// The connection and its statements are kept between batches (durable mode commits small batches often, and
    /// preparing the 480-parameter statement cost more than writing a row); a failure drops them, the next batch reopens.
    /// The transaction is begun through SQLite itself, so a locked database fails after SQLite's busy timeout
    /// (<see cref="BusyTimeout"/>) rather than after Microsoft.Data.Sqlite's own retries of its command timeout.
    /// </summary>
    private void WriteBatch(List<AuditEntry> batch, bool requeueOnFailure)
    {
        if (_storeWriter is not null)
        {
            WriteToStore(_storeWriter, batch, requeueOnFailure);
            return;
        }
        try
        {
            var writer = _writer ??= Writer.Open((SqliteDatabase)_db);
            var db = writer.Db;
            Check(raw.sqlite3_busy_timeout(db, BusyTimeout is { } busy ? (int)busy.TotalMilliseconds : DefaultBusyTimeoutMs), db);
            if (writer.FullSync != SyncEveryCommit)
            {
                Check(raw.sqlite3_exec(db, SyncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"), db);
                writer.FullSync = SyncEveryCommit;
            }
            Check(raw.sqlite3_exec(db, "BEGIN IMMEDIATE"), db);
            ChainCursor chain;
            try
            {
                chain = BeginChain(writer, db);
                var rows = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch);
                var full = rows.Length - (rows.Length % RowsPerInsert);
                for (var start = 0; start < rows.Length;)
                {
                    var statement = start < full ? writer.Many : writer.One;
                    var count = start < full ? RowsPerInsert : 1;
                    for (var r = 0; r < count; r++) Bind(statement, r * Columns, rows[start + r], db, chain);
                    var step = raw.sqlite3_step(statement);
                    if (step != raw.SQLITE_DONE) Check(step, db);
                    Check(raw.sqlite3_reset(statement), db);
                    start += count;
                }
                EndChain(writer, db, chain);
                Check(raw.sqlite3_exec(db, "COMMIT"), db);
                _lastHead = chain.Head;
            }
            catch
            {
                raw.sqlite3_exec(db, "ROLLBACK"); // best effort: the connection is dropped below either way
                throw;
            }
            Interlocked.Increment(ref _transactions);
            if (_export is not null) Export(batch, chain);
        }
        catch (Exception) when (DropWriter() && requeueOnFailure)
        {
            foreach (var r in batch) _queue.Enqueue(r); // keep them for the next attempt rather than lose them
            throw;
        }
        finally
        {
            if (_utf8.Count > 4096) _utf8.Clear(); // many distinct grants or principals: start over rather than grow
            if (_disposed) DropWriter(); // a call that finished after dispose wrote its own row: keep no connection open
        }
    }

    /// <summary>Set once dispose has closed the writer's connection (under <see cref="_flushLock"/>).</summary>
    private bool _disposed;

    /// <summary>The writer's own connection and prepared statements, kept between batches (only under <see cref="_flushLock"/>).</summary>
    private Writer? _writer;

    /// <summary>Closes the writer's connection after a failure (returns true, for use in an exception filter).</summary>
    private bool DropWriter()
    {
        _writer?.Dispose();
        _writer = null;
        return true;
    }

    private sealed class Writer(SqliteConnection connection, sqlite3_stmt[] statements) : IDisposable
    {
        public sqlite3 Db => connection.Handle!;
        public sqlite3_stmt Many => statements[0];
        public sqlite3_stmt One => statements[1];

        /// <summary>The app's chain head (parameter 1: the app id), and after its columns the largest id ever given (<see cref="NextId"/>'s).</summary>
        public sqlite3_stmt ReadHead => statements[2];

        /// <summary>The largest id ever given to an audit row (AUTOINCREMENT's counter or the largest row), so ids are never reused.</summary>
        public sqlite3_stmt NextId => statements[3];

        /// <summary>The app's largest id, row count and rows with a MAC (parameter 1: the app id): its rows from before the chain.</summary>
        public sqlite3_stmt Legacy => statements[4];

        public sqlite3_stmt UpsertHead => statements[5];
        public sqlite3_stmt InsertCheckpoint => statements[6];
        public sqlite3_stmt UpdateHead => statements[7];

        /// <summary>The connection's synchronous setting (null until set: SQLite's default is FULL).</summary>
        public bool? FullSync { get; set; }

        /// <summary>
        /// A connection of its own, outside the pool: its synchronous setting must not reach the vault's connections,
        /// and it lives as long as the log anyway.
        /// </summary>
        public static Writer Open(SqliteDatabase database)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
            try
            {
                connection.Open();
                var db = connection.Handle!;
                Check(raw.sqlite3_busy_timeout(db, DefaultBusyTimeoutMs), db);
                var statements = new List<sqlite3_stmt>();
                try
                {
                    foreach (var sql in Statements) statements.Add(AuditSql.Prepare(db, sql));
                    return new Writer(connection, [.. statements]);
                }
                catch
                {
                    foreach (var statement in statements) statement.Dispose();
                    throw;
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>The largest id ever given to an audit row: AUTOINCREMENT's counter, or the largest row (ids are never reused).</summary>
        private const string LastIdSql = "MAX(IFNULL((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0), IFNULL((SELECT MAX(id) FROM audit), 0))";

        private static readonly string[] Statements =
        [
            InsertManySql, InsertOneSql, "SELECT " + AuditChainHead.Columns + ", " + LastIdSql + " FROM audit_chain WHERE app_id = ?1",
            "SELECT " + LastIdSql,
            "SELECT IFNULL(MAX(id), 0), COUNT(*), COUNT(mac) FROM audit WHERE app_id = ?1",
            AuditChainHead.UpsertSql, AuditCheckpoint.InsertSql, AuditChainHead.UpdateSql,
        ];

        public void Dispose()
        {
            foreach (var statement in statements) statement.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>UTF-8 of the strings rows repeat, by instance (only the writer thread touches it).</summary>
    private readonly Dictionary<string, byte[]> _utf8 = new(ReferenceEqualityComparer.Instance);

    /// <summary>Hosts of the URIs rows repeat (URIs are cached per operation), by instance.</summary>
    private readonly Dictionary<Uri, string> _hosts = new(ReferenceEqualityComparer.Instance);

    private string HostOf(Uri uri)
    {
        if (_hosts.TryGetValue(uri, out var host)) return host;
        if (_hosts.Count > 4096) _hosts.Clear();
        return _hosts[uri] = uri.Authority;
    }

    /// <summary>Binds UTF-8 bytes as text; null binds NULL.</summary>
    private static void BindUtf8(sqlite3_stmt statement, int index, byte[]? value, sqlite3 db)
    {
        int rc;
        if (value is null) rc = raw.sqlite3_bind_null(statement, index);
        // An empty span pins to a null pointer, which SQLite stores as NULL: bind an empty string the slow way.
        else if (value.Length == 0) rc = raw.sqlite3_bind_text(statement, index, "");
        else rc = raw.sqlite3_bind_text(statement, index, value);
        Check(rc, db);
    }

    private static void Check(int rc, sqlite3 db) => AuditSql.Check(rc, db);
}
