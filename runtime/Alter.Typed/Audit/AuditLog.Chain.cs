using Alter.Typed.Vault;
using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>
/// The writer's side of the tamper-evident chain. Inside each write transaction (BEGIN IMMEDIATE: SQLite's write lock,
/// so two writers of one file, in one process or two, take turns and never fork an app's chain) the writer reads the
/// app's signed head, checks it, gives each row the next id, the next sequence number and
/// <c>mac = HMAC-SHA256(k_chain, previous mac ‖ canonical row)</c> (<see cref="AuditRowEncoder"/>), adds a signed
/// checkpoint every <see cref="CheckpointEvery"/> rows, and rewrites the head, all in the same transaction.
/// </summary>
internal sealed partial class AuditLog
{
    /// <summary>The domain label of a row's MAC.</summary>
    internal static ReadOnlySpan<byte> RowDomain => "alter.audit.row.v1"u8;

    /// <summary>Rows between two signed checkpoints (per app). Tests lower it.</summary>
    internal int CheckpointEvery { get; set; } = DefaultCheckpointEvery;

    /// <summary>The default of <see cref="CheckpointEvery"/>.</summary>
    public const int DefaultCheckpointEvery = 1000;

    private readonly AuditRowEncoder _encoder = new();

    /// <summary>The encoder of head and checkpoint signatures (its HMAC state keyed with the signing key, kept).</summary>
    private readonly AuditRowEncoder _signer = new();

    /// <summary>The head this writer last committed: a head read back unchanged needs no signature check.</summary>
    private AuditChainHead? _lastHead;
    private readonly ChainCursor _cursor = new();
    private byte[]? _appIdUtf8;

    /// <summary>Where the chain stands while one transaction appends rows (only under <see cref="_flushLock"/>).</summary>
    private sealed class ChainCursor
    {
        public AuditChainHead Head = null!;
        public long NextId, Seq, FirstId, FirstSeq;

        /// <summary>Whether the head was created by this transaction (the app's first chained rows).</summary>
        public bool IsNew;
        public readonly byte[] Prev = new byte[32];
        public readonly List<AuditCheckpoint> Checkpoints = [];

        /// <summary>Each row's MAC, in order, when rows are exported to the log (else empty).</summary>
        public readonly List<byte[]> Macs = [];
    }

    /// <summary>Reads and checks the app's head (or starts its chain), and the next free id. Runs inside the write transaction.</summary>
    private ChainCursor BeginChain(Writer writer, sqlite3 db)
    {
        var c = _cursor;
        c.Checkpoints.Clear();
        c.Macs.Clear();
        var s = writer.ReadHead;
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, _appId), db);
        AuditChainHead? head = null;
        long lastId = -1;
        try
        {
            if (AuditSql.Step(s, db))
            {
                head = AuditChainHead.Read(s);
                lastId = raw.sqlite3_column_int64(s, AuditChainHead.ColumnCount); // the largest id ever given, read in the same step
            }
        }
        finally { AuditSql.Reset(s, db); }

        if (head is null)
        {
            // The app's first chained row: every row it already has was written before the chain existed (schema 12).
            // A row that carries a MAC while no head exists means the head was deleted: refuse rather than start over.
            s = writer.Legacy;
            AuditSql.Check(raw.sqlite3_bind_text(s, 1, _appId), db);
            try
            {
                AuditSql.Step(s, db);
                if (raw.sqlite3_column_int64(s, 2) != 0)
                    throw new AlterException($"The audit chain of app {_appId} has no head although its rows carry MACs: the audit store was edited (its chain head deleted). Rows are not written until this is resolved: run `alter audit verify` and restore the store from a backup.");
                head = AuditChainHead.Start(_keys, _appId, raw.sqlite3_column_int64(s, 0), raw.sqlite3_column_int64(s, 1));
            }
            finally { AuditSql.Reset(s, db); }
        }
        else AuditChainHead.EnsureExtendable(head, _lastHead, _keys, _signer);

        c.IsNew = lastId < 0;
        if (lastId < 0)
        {
            s = writer.NextId;
            try
            {
                AuditSql.Step(s, db);
                lastId = raw.sqlite3_column_int64(s, 0);
            }
            finally { AuditSql.Reset(s, db); }
        }
        c.NextId = c.FirstId = lastId + 1;
        c.Head = head;
        c.Seq = head.HeadSeq;
        c.FirstSeq = head.HeadSeq + 1;
        head.HeadMac.CopyTo(c.Prev, 0);
        return c;
    }

    /// <summary>Writes the transaction's checkpoints and the new signed head. Runs inside the write transaction, after the rows.</summary>
    private void EndChain(Writer writer, sqlite3 db, ChainCursor c)
    {
        foreach (var checkpoint in c.Checkpoints)
        {
            checkpoint.Bind(writer.InsertCheckpoint, db);
            try { AuditSql.Step(writer.InsertCheckpoint, db); }
            finally { AuditSql.Reset(writer.InsertCheckpoint, db); }
        }
        c.Head = (c.Head with { HeadId = c.NextId - 1, HeadSeq = c.Seq, HeadMac = c.Prev.ToArray() }).Signed(_keys, _signer);
        var statement = c.IsNew ? writer.UpsertHead : writer.UpdateHead;
        c.Head.Bind(statement, db);
        try { AuditSql.Step(statement, db); }
        finally { AuditSql.Reset(statement, db); }
    }

    /// <summary>
    /// Binds one row's 19 columns at <paramref name="offset"/>: its id and sequence number come from the chain, its MAC
    /// is computed over exactly the bytes bound (the same UTF-8 arrays), so what SQLite stores is what was MACed.
    /// </summary>
    private void Bind(sqlite3_stmt statement, int offset, in AuditEntry r, sqlite3 db, ChainCursor c)
    {
        var id = c.NextId++;
        var seq = ++c.Seq;
        var at = r.At.ToUnixMs();
        var host = r.Uri is { } uri ? HostOf(uri) : r.Host ?? "";
        var e = _encoder;
        e.Start(RowDomain, c.Prev);
        var appId = _appIdUtf8 ??= System.Text.Encoding.UTF8.GetBytes(_appId);
        e.Text(appId);
        e.Int(id);
        e.Int(seq);
        e.Int(at);
        // Each string's UTF-8 is looked up once, MACed and bound: the bytes SQLite stores are the bytes the MAC covers.
        var caller = EncodeText(e, r.Caller);
        var principal = EncodeText(e, r.Principal);
        var provider = EncodeText(e, r.Provider);
        var operation = EncodeText(e, r.Operation);
        var grant = EncodeText(e, r.GrantId);
        var method = EncodeText(e, r.Method);
        var hostBytes = EncodeText(e, host);
        e.Int(r.Status);
        var outcome = EncodeText(e, r.Outcome);
        e.Real(r.LatencyMs);
        e.Int(r.Refreshed ? 1 : 0);
        var delegation = EncodeText(e, r.DelegationId);
        var tool = EncodeText(e, r.Tool);
        var approval = EncodeText(e, r.ApprovalId);
        e.Mac(_keys.Chain, c.Prev);

        AuditSql.Check(raw.sqlite3_bind_int64(statement, offset + 1, id), db);
        AuditSql.Check(raw.sqlite3_bind_int64(statement, offset + 2, at), db);
        BindUtf8(statement, offset + 3, appId, db);
        BindUtf8(statement, offset + 4, caller, db);
        BindUtf8(statement, offset + 5, principal, db);
        BindUtf8(statement, offset + 6, provider, db);
        BindUtf8(statement, offset + 7, operation, db);
        BindUtf8(statement, offset + 8, grant, db);
        BindUtf8(statement, offset + 9, method, db);
        BindUtf8(statement, offset + 10, hostBytes, db);
        AuditSql.Check(raw.sqlite3_bind_int64(statement, offset + 11, r.Status), db);
        BindUtf8(statement, offset + 12, outcome, db);
        AuditSql.Check(raw.sqlite3_bind_double(statement, offset + 13, r.LatencyMs), db);
        AuditSql.Check(raw.sqlite3_bind_int64(statement, offset + 14, r.Refreshed ? 1 : 0), db);
        BindUtf8(statement, offset + 15, delegation, db);
        BindUtf8(statement, offset + 16, tool, db);
        BindUtf8(statement, offset + 17, approval, db);
        AuditSql.Check(raw.sqlite3_bind_int64(statement, offset + 18, seq), db);
        AuditSql.Check(raw.sqlite3_bind_blob(statement, offset + 19, c.Prev), db); // SQLite copies it (SQLITE_TRANSIENT)

        if (seq % CheckpointEvery == 0) c.Checkpoints.Add(AuditCheckpoint.Create(_keys, _appId, seq, id, c.Prev.ToArray(), at, _signer));
        if (_export is not null) c.Macs.Add(c.Prev.ToArray());
    }

    /// <summary>Encodes a text column and returns its UTF-8 for binding (null for SQL NULL).</summary>
    private byte[]? EncodeText(AuditRowEncoder e, string? value)
    {
        if (value is null)
        {
            e.Null();
            return null;
        }
        var bytes = Utf8(value);
        e.Text(bytes);
        return bytes;
    }

    /// <summary>The UTF-8 of a string the rows repeat, kept per instance (an empty string has no bytes).</summary>
    private byte[] Utf8(string value)
    {
        if (value.Length == 0) return [];
        if (!_utf8.TryGetValue(value, out var bytes)) _utf8[value] = bytes = System.Text.Encoding.UTF8.GetBytes(value);
        return bytes;
    }

    /// <summary>Logs the rows of a committed transaction (<see cref="AuditLogExport"/>).</summary>
    /// <remarks>The rows are committed whatever a logging provider does: a failure here is logged, never retried as a write.</remarks>
    private void Export(List<AuditEntry> batch, ChainCursor c)
    {
        try { AuditLogExport.Write(_export!, _appId, batch, c.FirstId, c.FirstSeq, c.Macs, HostOf); }
        catch (Exception e) { LogExportFailed(_logger, e); }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 902, Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Exporting committed audit rows to the log failed; the rows are stored")]
    private static partial void LogExportFailed(Microsoft.Extensions.Logging.ILogger logger, Exception exception);
}
