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

    private const int Columns = 16;

    /// <summary>Rows per INSERT statement: one statement per row spends most of its time in SQLite's per-statement work.</summary>
    private const int RowsPerInsert = 32;

    private static string InsertSql(int rows)
    {
        var sql = new System.Text.StringBuilder(
            "INSERT INTO audit (at, app_id, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id) VALUES ");
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
        try
        {
            var writer = _writer ??= Writer.Open(_db);
            var db = writer.Db;
            Check(raw.sqlite3_busy_timeout(db, BusyTimeout is { } busy ? (int)busy.TotalMilliseconds : DefaultBusyTimeoutMs), db);
            if (writer.FullSync != SyncEveryCommit)
            {
                Check(raw.sqlite3_exec(db, SyncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"), db);
                writer.FullSync = SyncEveryCommit;
            }
            Check(raw.sqlite3_exec(db, "BEGIN IMMEDIATE"), db);
            try
            {
                var rows = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch);
                var full = rows.Length - (rows.Length % RowsPerInsert);
                for (var start = 0; start < rows.Length;)
                {
                    var statement = start < full ? writer.Many : writer.One;
                    var count = start < full ? RowsPerInsert : 1;
                    for (var r = 0; r < count; r++) Bind(statement, r * Columns, rows[start + r], db);
                    var step = raw.sqlite3_step(statement);
                    if (step != raw.SQLITE_DONE) Check(step, db);
                    Check(raw.sqlite3_reset(statement), db);
                    start += count;
                }
                Check(raw.sqlite3_exec(db, "COMMIT"), db);
            }
            catch
            {
                raw.sqlite3_exec(db, "ROLLBACK"); // best effort: the connection is dropped below either way
                throw;
            }
            Interlocked.Increment(ref _transactions);
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

    private sealed class Writer(SqliteConnection connection, sqlite3_stmt many, sqlite3_stmt one) : IDisposable
    {
        public sqlite3 Db => connection.Handle!;
        public sqlite3_stmt Many => many;
        public sqlite3_stmt One => one;

        /// <summary>The connection's synchronous setting (null until set: SQLite's default is FULL).</summary>
        public bool? FullSync { get; set; }

        /// <summary>
        /// A connection of its own, outside the pool: its synchronous setting must not reach the vault's connections,
        /// and it lives as long as the log anyway.
        /// </summary>
        public static Writer Open(AlterDatabase database)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
            try
            {
                connection.Open();
                var db = connection.Handle!;
                Check(raw.sqlite3_busy_timeout(db, DefaultBusyTimeoutMs), db);
                Check(raw.sqlite3_prepare_v2(db, InsertManySql, out var many), db);
                try
                {
                    Check(raw.sqlite3_prepare_v2(db, InsertOneSql, out var one), db);
                    return new Writer(connection, many, one);
                }
                catch
                {
                    many.Dispose();
                    throw;
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            many.Dispose();
            one.Dispose();
            connection.Dispose();
        }
    }

    private void Bind(sqlite3_stmt statement, int offset, in AuditEntry r, sqlite3 db)
    {
        Check(raw.sqlite3_bind_int64(statement, offset + 1, r.At.ToUnixMs()), db);
        BindText(statement, offset + 2, _appId, db);
        BindText(statement, offset + 3, r.Caller, db);
        BindText(statement, offset + 4, r.Principal, db);
        BindText(statement, offset + 5, r.Provider, db);
        BindText(statement, offset + 6, r.Operation, db);
        BindText(statement, offset + 7, r.GrantId, db);
        BindText(statement, offset + 8, r.Method, db);
        BindText(statement, offset + 9, r.Uri is { } uri ? HostOf(uri) : r.Host ?? "", db);
        Check(raw.sqlite3_bind_int64(statement, offset + 10, r.Status), db);
        BindText(statement, offset + 11, r.Outcome, db);
        Check(raw.sqlite3_bind_double(statement, offset + 12, r.LatencyMs), db);
        Check(raw.sqlite3_bind_int64(statement, offset + 13, r.Refreshed ? 1 : 0), db);
        BindText(statement, offset + 14, r.DelegationId, db);
        BindText(statement, offset + 15, r.Tool, db);
        BindText(statement, offset + 16, r.ApprovalId, db);
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

    private void BindText(sqlite3_stmt statement, int index, string? value, sqlite3 db)
    {
        int rc;
        if (value is null) rc = raw.sqlite3_bind_null(statement, index);
        // An empty span pins to a null pointer, which SQLite stores as NULL: bind an empty string the slow way.
        else if (value.Length == 0) rc = raw.sqlite3_bind_text(statement, index, "");
        else
        {
            if (!_utf8.TryGetValue(value, out var bytes)) _utf8[value] = bytes = System.Text.Encoding.UTF8.GetBytes(value);
            rc = raw.sqlite3_bind_text(statement, index, bytes);
        }
        Check(rc, db);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
