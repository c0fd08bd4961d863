using Alter.Typed.Audit;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>The audit writer binds rows straight through SQLite's C API: every column must come back exactly as written.</summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>A store of its own per test (a temp folder with one app), deleted afterwards.</summary>
    private sealed class TempStore : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-audit-" + Guid.NewGuid().ToString("N"));

        public TempStore()
        {
            var options = new AlterOptions { DatabasePath = Path.Combine(_directory, "alter.db") };
            AppId = AlterAdmin.Open(options).CreateApp("audit-tests").Id;
            Db = new SqliteDatabase(options.DatabasePath);
        }

        public SqliteDatabase Db { get; }

        /// <summary>The audit chain's keys (from a random vault key).</summary>
        public AuditChainKeys Keys { get; } = AuditChainKeys.From(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        public string AppId { get; }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Every_column_round_trips_including_nulls_empty_strings_and_non_ASCII_text()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_845_467_123);
        var uri = new Uri("https://api.example.com:8443/v1/things?x=1");
        await using (var log = new AuditLog(_store.Db, _store.AppId, _store.Keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance))
        {
            log.Write(new AuditEntry(at, "caller ☃", "ada@example.com", "slack", "chat.postMessage", "grant_1", "POST", uri, null, 200, "ok", 12.5, true,
                DelegationId: "dlg_1", Tool: "slack_chat_postMessage"));
            log.Write(new AuditEntry(at.AddMilliseconds(1), "caller", null, "github", "issues/list", null, "GET", null, "", 0, "error:grant_not_found", 0.25, false));
            log.Write(new AuditEntry(at.AddMilliseconds(2), "caller", "", "notion", "get-self", "grant_2", "GET", null, "api.notion.com", 401, "reauth_required", 3, false));

            var rows = (await log.QueryAsync(new AuditQuery(), CancellationToken.None)).OrderBy(r => r.At).ToList();

            Assert.Equal(3, rows.Count);
            Assert.True(rows[0].Id > 0 && rows[0].Id < rows[1].Id && rows[1].Id < rows[2].Id, "ids increase in the order rows were written");
            rows = [.. rows.Select(r => r with { Id = 0 })];
            Assert.Equal(new AuditRecord(at, "caller ☃", "ada@example.com", "slack", "chat.postMessage", "grant_1", "POST", "api.example.com:8443", 200, "ok", 12.5, true)
                { DelegationId = "dlg_1", Tool = "slack_chat_postMessage" }, rows[0]);
            Assert.Equal(new AuditRecord(at.AddMilliseconds(1), "caller", null, "github", "issues/list", null, "GET", "", 0, "error:grant_not_found", 0.25, false), rows[1]);
            Assert.Equal(new AuditRecord(at.AddMilliseconds(2), "caller", "", "notion", "get-self", "grant_2", "GET", "api.notion.com", 401, "reauth_required", 3, false), rows[2]);
        }
    }

    [Fact]
    public async Task A_batch_larger_than_one_multi_row_insert_keeps_every_row_and_its_order_of_values()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_845_467_000);
        const int Rows = 32 * 3 + 7; // three full multi-row statements and a remainder of single-row ones
        await using var log = new AuditLog(_store.Db, _store.AppId, _store.Keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);
        for (var i = 0; i < Rows; i++)
        {
            log.Write(new AuditEntry(at.AddMilliseconds(i), "caller", i % 2 == 0 ? null : $"user{i}@example.com", "slack", $"op.{i}", $"grant_{i % 5}", "POST",
                null, $"host{i % 3}.example.com", 200 + i, i % 7 == 0 ? "provider_error:x" : "ok", i / 4.0, i % 3 == 0));
        }

        var rows = (await log.QueryAsync(new AuditQuery { Limit = 1000 }, CancellationToken.None)).OrderBy(r => r.At).Select(r => r with { Id = 0 }).ToList();

        Assert.Equal(Rows, rows.Count);
        for (var i = 0; i < Rows; i++)
        {
            Assert.Equal(new AuditRecord(at.AddMilliseconds(i), "caller", i % 2 == 0 ? null : $"user{i}@example.com", "slack", $"op.{i}", $"grant_{i % 5}", "POST",
                $"host{i % 3}.example.com", 200 + i, i % 7 == 0 ? "provider_error:x" : "ok", i / 4.0, i % 3 == 0), rows[i]);
        }
    }

    [Fact]
    public async Task A_read_waits_for_the_rows_a_flush_in_progress_has_taken_from_the_queue()
    {
        // The CI failure this pins: the timer took the call's row off the queue, a read saw an empty queue,
        // skipped flushing and answered before the timer's transaction committed, so the row was missing.
        await using var log = new AuditLog(_store.Db, _store.AppId, _store.Keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);
        log.Write(new AuditEntry(DateTimeOffset.UtcNow, "caller", null, "slack", "chat.postMessage", "grant_1", "POST", null, "slack.com", 200, "ok", 1, false));

        // Another writer holds the database's write lock, so the flush below takes the row and then waits on it.
        using var blocker = _store.Db.OpenSqlite();
        using (var begin = blocker.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE;"; begin.ExecuteNonQuery(); }
        var timerFlush = Task.Run(() => log.FlushAsync());
        Assert.True(SpinWait.SpinUntil(() => log.QueuedCount == 0, TimeSpan.FromSeconds(10)), "the flush never took the row");

        var read = log.QueryAsync(new AuditQuery(), CancellationToken.None);
        await Task.Delay(200); // give a read that does not wait the time to answer early
        using (var rollback = blocker.CreateCommand()) { rollback.CommandText = "ROLLBACK;"; rollback.ExecuteNonQuery(); }

        var rows = await read;
        await timerFlush;
        Assert.Equal("chat.postMessage", Assert.Single(rows).Operation);
    }

    [Fact]
    public async Task Callers_that_outpace_the_writer_write_the_backlog_themselves_so_the_queue_stays_bounded_and_no_row_is_lost()
    {
        const int Bound = 5_000, Rows = 60_000;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_845_467_000);
        var longest = 0;
        // The timer never ticks (an hour): without the bound every row would still be queued at the end.
        await using (var log = new AuditLog(_store.Db, _store.AppId, _store.Keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance, maxQueued: Bound))
        {
            for (var i = 0; i < Rows; i++)
            {
                log.Write(new AuditEntry(at.AddMilliseconds(i), "caller", null, "slack", "chat.postMessage", "grant_1", "POST", null, "slack.com", 200, "ok", 1, false));
                if (i % 100 == 0) longest = Math.Max(longest, log.QueuedCount);
            }

            // One check every 1,024 writes, and the caller writes inside the check, so a sample may never see the peak:
            // the bound is proven by the ceiling and by the callers' backlog writes, not by a sample reaching it.
            Assert.True(longest <= Bound + 1024, $"the queue reached {longest} rows");
            Assert.True(log.BacklogWrites > 0);
            Assert.True(log.QueuedCount <= Bound + 1024);
        }

        // Dispose wrote the rest: every row, once.
        using var connection = _store.Db.OpenSqlite();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), COUNT(DISTINCT at) FROM audit";
        using var reader = count.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((Rows, Rows), (reader.GetInt32(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task A_transactions_worth_of_queued_rows_wakes_the_writer_before_its_tick()
    {
        // An hour between ticks: only the early wake can write these rows while the test waits.
        await using var log = new AuditLog(_store.Db, _store.AppId, _store.Keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_845_467_000);
        for (var i = 0; i < 12_000; i++)
            log.Write(new AuditEntry(at.AddMilliseconds(i), "caller", null, "slack", "chat.postMessage", "grant_1", "POST", null, "slack.com", 200, "ok", 1, false));

        var written = 0L;
        for (var waited = 0; waited < 200 && written < 10_000; waited++)
        {
            await Task.Delay(50);
            using var connection = _store.Db.OpenSqlite();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM audit";
            written = (long)count.ExecuteScalar()!;
        }

        Assert.True(written >= 10_000, $"the writer had written {written} of 12,000 queued rows after 10 s");
    }
}

/// <summary>The durable mode's group commit, on the log alone: when a write completes, and how writes share transactions.</summary>
public sealed class DurableAuditLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-audit-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _db;
    private readonly string _appId;

    public DurableAuditLogTests()
    {
        var options = new AlterOptions { DatabasePath = Path.Combine(_directory, "alter.db") };
        _appId = AlterAdmin.Open(options).CreateApp("durable-audit-tests").Id;
        _db = new SqliteDatabase(options.DatabasePath);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private AuditLog Open() => new(_db, _appId, AuditChainKeys.From(new byte[32]), TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance, mode: AuditMode.Durable);

    private static AuditEntry Row(int i) => new(DateTimeOffset.FromUnixTimeMilliseconds(1_795_845_467_000 + i), "caller", null, "slack", "chat.postMessage",
        "grant_1", "POST", null, "slack.com", 200, "ok", 1, false);

    /// <summary>Counts rows with a connection of the test's own: no flush of the log's queue, only what was committed.</summary>
    private long CommittedRows()
    {
        using var connection = _db.OpenSqlite();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM audit";
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_write_completes_only_once_its_row_is_committed()
    {
        await using var log = Open();

        // Another writer holds the lock: the row cannot be committed, so the write must not complete.
        using (var blocker = _db.OpenSqlite())
        {
            using (var begin = blocker.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE;"; begin.ExecuteNonQuery(); }
            var write = log.WriteAsync(Row(0)).AsTask();
            await Task.Delay(300);
            Assert.False(write.IsCompleted, "the write completed while the database was locked");
            using (var rollback = blocker.CreateCommand()) { rollback.CommandText = "ROLLBACK;"; rollback.ExecuteNonQuery(); }
            await write.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(1, CommittedRows());
    }

    [Fact]
    public async Task A_thousand_concurrent_writes_are_all_committed_in_far_fewer_transactions()
    {
        const int Writes = 1000;
        await using var log = Open();
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, Writes).Select(i => Task.Run(async () => { start.Wait(); await log.WriteAsync(Row(i)); })).ToList();
        start.Set();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));

        // Every write has completed, so every row is committed: counted without the log's help.
        Assert.Equal(Writes, CommittedRows());
        Assert.True(log.Transactions <= Writes / 10, $"{Writes} concurrent writes took {log.Transactions} transactions");
    }

    [Fact]
    public async Task A_write_after_dispose_is_committed_by_the_caller_and_leaves_no_connection_open()
    {
        var log = Open();
        await log.WriteAsync(Row(0));
        await log.DisposeAsync();

        await log.WriteAsync(Row(1)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, CommittedRows());
        Assert.Equal(2, log.Transactions);
        if (OperatingSystem.IsLinux())
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the test's own (pooled) connections
            var open = Directory.GetFiles("/proc/self/fd").Count(fd => new FileInfo(fd).LinkTarget is { } target && target.StartsWith(_db.Path, StringComparison.Ordinal));
            Assert.Equal(0, open);
        }
    }
}
