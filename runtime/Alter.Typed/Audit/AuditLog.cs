using System.Collections.Concurrent;
using Alter.Typed.Vault;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>
/// Writes audit rows in batches, in one of two modes (<see cref="AuditMode"/>).
/// <para>
/// <see cref="AuditMode.Durable"/> (group commit): a call's <see cref="WriteAsync"/> completes once its row is committed.
/// Calls queue their rows and share one task per batch; a dedicated writer thread, woken at most once per batch,
/// commits everything queued in one transaction and then completes that batch's task, so concurrent calls share a
/// commit and nothing is allocated per call.
/// Commits go to SQLite's write-ahead log without an fsync each (<see cref="SyncEveryCommit"/>): a committed row
/// survives the process being killed. See <see cref="CommitRound"/>.
/// </para>
/// <para>
/// <see cref="AuditMode.Buffered"/>: a call only enqueues its row: a timer drains the queue every
/// <see cref="AlterOptions.AuditFlushInterval"/>, so no thread is woken per call (waking a reader per write
/// measured 1.16–1.83× per call, DESIGN.md). When callers outpace the writer, the queue is bounded by making them
/// write: see <see cref="Write(in AuditEntry)"/>.
/// </para>
/// Reads and dispose flush first in both modes, so nothing is lost or unseen.
/// </summary>
internal sealed partial class AuditLog : IAsyncDisposable
{
    private readonly AlterDatabase _db;
    private readonly string _appId;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<AuditEntry> _queue = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drain;
    private readonly List<AuditEntry> _batch = new(capacity: 256);
    private readonly int _maxQueued;
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>
    /// A per-thread sampling counter: a field of the log that every call wrote would share a cache line with fields the
    /// writer thread reads, so each call would pay for moving that line between cores.
    /// </summary>
    [ThreadStatic]
    private static int t_writes;

    /// <summary>Rows queued beyond which callers write rows themselves (about 10 MB of queued rows: a row is some 104 bytes, its strings shared).</summary>
    public const int DefaultMaxQueued = 100_000;

    /// <summary>How often (in a thread's writes) a caller looks at the queue's length: ConcurrentQueue.Count is not free.</summary>
    private const int CheckEvery = 1024;

    private readonly AuditMode _mode;

    /// <summary>
    /// The batch that rows queued now belong to (durable mode): its task completes after the transaction that holds
    /// them commits. Continuations run on the thread pool, not on the writer thread, which goes on to the next batch.
    /// </summary>
    private TaskCompletionSource _current = NewBatch();

    /// <summary>Wakes the writer thread; no spinning, so an idle writer costs no CPU.</summary>
    private readonly ManualResetEventSlim _signal = new(initialState: false, spinCount: 0);

    /// <summary>1 once a caller woke the writer for the rows it has not taken yet: later callers need not wake it again.</summary>
    private int _signaled;

    private volatile bool _stopping;

    /// <summary>1 once the writer thread is gone (dispose): a caller then commits its own row.</summary>
    private int _closed;

    private int _transactions;

    private readonly AuditChainKeys _keys;

    /// <summary>Where committed rows are exported as log records (<see cref="AlterOptions.ExportAuditToLogs"/>); null: not exported.</summary>
    private readonly ILogger? _export;

    /// <summary>
    /// Creates the log. <paramref name="keys"/> chain its rows (derived from the vault key). <paramref name="mode"/>
    /// defaults to <see cref="AuditMode.Buffered"/> here for the tests of the buffered writer; <see cref="AlterApp"/>
    /// passes <see cref="AlterOptions.AuditMode"/>, whose default is durable. <paramref name="export"/>, when given,
    /// receives one log record per committed row (<see cref="AuditLogExport"/>).
    /// </summary>
    public AuditLog(AlterDatabase db, string appId, AuditChainKeys keys, TimeSpan interval, TimeProvider time, ILogger logger,
        int maxQueued = DefaultMaxQueued, AuditMode mode = AuditMode.Buffered, ILogger? export = null)
    {
        (_db, _appId, _keys, _logger, _maxQueued, _mode, _export) = (db, appId, keys, logger, maxQueued, mode, export);
        _storeWriter = db.CreateAuditWriter();
        if (_storeWriter is not null) _appender = new AuditChainAppender(appId, keys, () => CheckpointEvery);
        _drain = mode == AuditMode.Durable
            ? Task.Factory.StartNew(WriterLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : DrainAsync(new PeriodicTimer(interval, time));
    }

    /// <summary>Where rows are written, for messages (no password): <see cref="AlterDatabase.Description"/>.</summary>
    public string Store => _db.Description;

    /// <summary>The mode rows are written in.</summary>
    public AuditMode Mode => _mode;

    /// <summary>
    /// How long a write waits for another connection's lock on the database before it fails; null keeps the database's
    /// (30 s). Tests shorten it to see a locked store fail the call without waiting half a minute.
    /// </summary>
    internal TimeSpan? BusyTimeout { get; set; }

    /// <summary>The database's busy timeout (<see cref="AlterDatabase.Open"/>), for the writer's own connection.</summary>
    private const int DefaultBusyTimeoutMs = 30_000;

    /// <summary>
    /// Whether each audit commit also waits for the disk (SQLite <c>synchronous=FULL</c>; false: <c>NORMAL</c>, the
    /// writer's connection only). With the write-ahead log, NORMAL makes a commit durable against the process dying
    /// (killed, crashed: the row is in the log file) but not against the machine losing power before the next
    /// checkpoint; FULL adds an fsync per transaction, measured in benchmarks/README.md.
    /// </summary>
    internal bool SyncEveryCommit { get; set; }

    /// <summary>Transactions committed so far (for tests: concurrent durable calls share them).</summary>
    internal int Transactions => Volatile.Read(ref _transactions);

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Queues a row. The hot path passes a struct holding long-lived strings: nothing per call for the GC to promote.
    /// Every <see cref="CheckEvery"/> writes a caller looks at the queue: past a transaction's worth of rows it wakes the
    /// writer before its tick (once, not per call); past the bound, when callers outpace the writer, it writes rows
    /// itself before going on (backpressure), so memory stays bounded and no row is dropped.
    /// </summary>
    public void Write(in AuditEntry entry)
    {
        _queue.Enqueue(entry);
        if (_mode == AuditMode.Durable) Signal();
        else if (++t_writes % CheckEvery == 0) CheckBacklog();
    }

    private void CheckBacklog()
    {
        var queued = _queue.Count;
        if (queued > _maxQueued) WriteBacklog();
        else if (queued >= RowsPerTransaction && _wake.CurrentCount == 0)
        {
            try { _wake.Release(); }
            catch (SemaphoreFullException) { } // another caller woke it first
        }
    }

    /// <summary>
    /// Writes a call's row under the configured <see cref="AuditMode"/>: in <see cref="AuditMode.Durable"/> the task
    /// completes once the row is committed (group commit) and fails with <see cref="AuditWriteException"/> when it cannot
    /// be; in <see cref="AuditMode.Buffered"/> it completes at once, the row queued.
    /// </summary>
    /// <remarks>
    /// The wait is not cancellable: the provider call has happened, so its row is written either way, and returning
    /// before the commit would break the promise of the durable mode. (<paramref name="cancellationToken"/> is accepted
    /// for the caller's convenience and ignored.) Nothing is allocated per call: the task returned is the batch's.
    /// </remarks>
    public ValueTask WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        if (_mode == AuditMode.Buffered)
        {
            Write(entry);
            return default;
        }

        // Order matters (see CommitRound): queue the row, then read the batch, then wake the writer. A batch read here
        // was swapped out by the writer only after this row was queued, so the round that completes it has written it.
        _queue.Enqueue(entry);
        var batch = Volatile.Read(ref _current);
        // The writer thread takes this row with whatever else queues while it wakes, in one transaction. After dispose
        // the caller commits itself. (Committing in the caller when the writer is idle spares a lone caller two thread
        // switches but made concurrent calls commit alone, 18-33 transactions for 64 calls: measured, not kept.)
        if (Volatile.Read(ref _closed) != 0) CommitRound();
        else Signal();
        return new ValueTask(batch.Task);
    }

    public void Write(AuditRecord record)
    {
        _queue.Enqueue(new AuditEntry(record.At, record.Caller, record.Principal, record.Provider, record.Operation,
            record.GrantId, record.Method, null, record.Host, record.Status, record.Outcome, record.LatencyMs, record.TokenRefreshed,
            record.DelegationId, record.Tool, record.ApprovalId));
        if (_mode == AuditMode.Durable) Signal();
    }

    /// <summary>Wakes the writer unless a caller already did for rows it has not taken: one wake per batch, not per call.</summary>
    private void Signal()
    {
        // The plain read first: under load the flag is mostly set, and an interlocked write per call would bounce its
        // cache line between the cores.
        if (Volatile.Read(ref _signaled) == 0 && Interlocked.Exchange(ref _signaled, 1) == 0) _signal.Set();
    }

    /// <summary>The durable writer: one round per wake, until dispose; then one last round for rows queued meanwhile.</summary>
    private void WriterLoop()
    {
        while (true)
        {
            _signal.Wait();
            _signal.Reset();
            // Cleared before the round takes the rows: a caller that saw the flag still set queued its row before this.
            Interlocked.Exchange(ref _signaled, 0);
            CommitRound();
            if (_stopping) break;
        }
        Interlocked.Exchange(ref _closed, 1);
        CommitRound();
    }

    /// <summary>
    /// One group commit: takes the current batch (new rows now join a new one), writes every row queued so far in one
    /// transaction (more only past <see cref="RowsPerTransaction"/> rows), then completes the batch, or fails it with
    /// <see cref="AuditWriteException"/> and logs why. Every row of the batch was queued before the swap (WriteAsync
    /// queues, then reads the batch), so the rows counted after the swap include them all.
    /// </summary>
    private void CommitRound()
    {
        _flushLock.Wait();
        try
        {
            var batch = Interlocked.Exchange(ref _current, NewBatch());
            var rows = _queue.Count;
            try
            {
                FlushCore(rows, requeueOnFailure: false);
                batch.TrySetResult();
            }
            catch (Exception e)
            {
                // The calls happened: say so, and do not keep their rows for a later attempt (their callers are told
                // the calls were not audited). Nothing of a row's content is in the message: ids, never credentials.
                LogDurableWriteFailed(_logger, rows, e);
                batch.TrySetException(new AuditWriteException(
                    $"The provider call happened but its audit row could not be written, so the call is reported as failed: the audit store refused the write ({Reason(e)}). " +
                    "Check the audit database (disk space, permissions, another process holding its lock); the call was not audited.", e));
            }
        }
        finally { _flushLock.Release(); }
    }

    private string Reason(Exception e) => _db.DescribeError(e);

    /// <summary>
    /// Writes every queued row and waits for a flush already in progress: once it returns, every row written before
    /// the call is in the database. (An empty queue is not enough: the timer may have taken the rows and be mid-write.)
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        // The rows queued now, and no more: every row written before this call is among them (the queue is FIFO), and a
        // flush that chased rows still arriving would never end while callers outpace the writer.
        try { FlushCore(_queue.Count); }
        finally { _flushLock.Release(); }
    }

    /// <summary>
    /// The caller's share of a backlog: twice the rows queued between two checks, a few milliseconds of writing, so the
    /// queue shrinks while callers outpace the writer and each of them pays a little rather than one a lot.
    /// </summary>
    private void WriteBacklog()
    {
        Interlocked.Increment(ref _backlogWrites);
        _flushLock.Wait();
        try { FlushCore(2 * CheckEvery); }
        catch (Exception e) { LogFlushFailed(_logger, e); } // the caller's API call is not failed by the audit store; rows stay queued
        finally { _flushLock.Release(); }
    }

    /// <summary>
    /// The timer's flush: one transaction per hold of the lock, so reads and callers writing a backlog get in between
    /// batches, and on while rows keep coming (at high call rates, writing is this thread's whole job). An idle tick
    /// costs no lock.
    /// </summary>
    private async Task DrainQueueAsync(CancellationToken cancellationToken)
    {
        while (!_queue.IsEmpty)
        {
            await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { FlushCore(RowsPerTransaction); }
            finally { _flushLock.Release(); }
        }
    }

    private int _backlogWrites;

    /// <summary>How many times a caller wrote part of a backlog itself (for the benchmarks: backpressure should be rare).</summary>
    internal int BacklogWrites => Volatile.Read(ref _backlogWrites);

    /// <summary>Rows queued and not yet taken by a flush (for tests).</summary>
    internal int QueuedCount => _queue.Count;

    /// <summary>Reads this app's audit rows, newest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return AuditReader.Read(_db, _appId, query);
    }

    public async ValueTask DisposeAsync()
    {
        if (_mode == AuditMode.Durable)
        {
            _stopping = true;
            _signal.Set();
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _drain.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await FlushAsync().ConfigureAwait(false);
        await _flushLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            DropWriter();
            _storeWriter?.Dispose();
        }
        finally { _flushLock.Release(); }
        _stop.Dispose();
    }

    /// <summary>Drains the queue at every tick, or earlier when a caller found a transaction's worth of rows queued.</summary>
    private async Task DrainAsync(PeriodicTimer timer)
    {
        using (timer)
        {
            // One pending wait on each at a time (PeriodicTimer allows no more), renewed when it fires.
            var tick = timer.WaitForNextTickAsync(_stop.Token).AsTask();
            var wake = _wake.WaitAsync(_stop.Token);
            while (true)
            {
                var fired = await Task.WhenAny(tick, wake).ConfigureAwait(false);
                if (fired == tick)
                {
                    if (!await tick.ConfigureAwait(false)) return; // throws when stopped
                    tick = timer.WaitForNextTickAsync(_stop.Token).AsTask();
                }
                else
                {
                    await wake.ConfigureAwait(false);
                    wake = _wake.WaitAsync(_stop.Token);
                }

                try { await DrainQueueAsync(_stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { throw; }
                catch (Exception e) { LogFlushFailed(_logger, e); } // rows stay queued; the next tick or dispose retries
            }
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Error, Message = "Writing audit rows failed; they stay queued and are retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 901, Level = LogLevel.Error,
        Message = "The audit store refused {Rows} rows of provider calls that happened; those calls fail with AuditWriteException and are not audited")]
    private static partial void LogDurableWriteFailed(ILogger logger, int rows, Exception exception);
}
