using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>
/// Checks one app's audit chain: the signed head, the rows from before the chain (counted), every chained row in id order
/// (sequence number, then MAC recomputed over the previous MAC and the row), every signed checkpoint, and that the chain
/// ends where the head says. Stops at the first broken link and names its row. Reads through SQLite's C API with one
/// reused buffer and HMAC state: no allocation per row.
/// </summary>
internal static class AuditChainVerifier
{
    /// <summary>Verifies in a read transaction of its own: one snapshot, so a writer committing meanwhile is not seen half-way.</summary>
    public static AuditVerification VerifySnapshot(SqliteConnection connection, string appId, AuditChainKeys keys)
    {
        var db = connection.Handle!;
        AuditSql.Check(raw.sqlite3_exec(db, "BEGIN"), db);
        try { return Verify(connection, appId, keys); }
        finally { raw.sqlite3_exec(db, "ROLLBACK"); }
    }

    /// <summary>Verifies <paramref name="appId"/>'s chain on <paramref name="connection"/> (inside the caller's transaction, if any).</summary>
    public static AuditVerification Verify(SqliteConnection connection, string appId, AuditChainKeys keys)
        => Verify(new SqliteChainSource(connection.Handle!), appId, keys);

    /// <summary>Verifies <paramref name="appId"/>'s chain read from <paramref name="source"/> (any store).</summary>
    public static AuditVerification Verify(IAuditChainSource source, string appId, AuditChainKeys keys)
    {
        var clock = Stopwatch.StartNew();
        var result = Check(source, appId, keys);
        return result with { Elapsed = clock.Elapsed };
    }

    private static AuditVerification Check(IAuditChainSource db, string appId, AuditChainKeys keys)
    {
        var head = db.ReadHead(appId);
        if (head is null)
        {
            var (maxId, rows, withMac, firstMac) = db.Legacy(appId, long.MaxValue);
            _ = maxId;
            return new AuditVerification
            {
                AppId = appId, LegacyRows = rows,
                Break = withMac == 0 ? null : new AuditBreak(AuditBreakKind.HeadForged, firstMac,
                    $"Rows of app {appId} carry chain MACs (the first is id {firstMac}) but the app's signed chain head is missing: it was deleted."),
            };
        }

        var result = new AuditVerification { AppId = appId, HeadId = head.HeadSeq == 0 ? null : head.HeadId, HeadMac = head.HeadSeq == 0 ? null : Convert.ToHexStringLower(head.HeadMac), AnchorId = head.AnchorId };
        if (head.KeyId != keys.KeyId)
            return result with { Break = new AuditBreak(AuditBreakKind.WrongKey, 0, $"The audit chain of app {appId} was written under another vault key (key id {head.KeyId}; the key given has {keys.KeyId}): give the vault key that wrote it.") };
        if (!head.IsSignedBy(keys))
            return result with { Break = new AuditBreak(AuditBreakKind.HeadForged, head.HeadId, $"The signed chain head of app {appId} (naming row id {head.HeadId}) fails its signature: it was edited.") };

        var legacy = db.Legacy(appId, head.LegacyMaxId);
        result = result with { LegacyRows = legacy.Rows };
        if (legacy.WithMac != 0)
            return result with { Break = new AuditBreak(AuditBreakKind.Inserted, legacy.FirstMac, $"Row id {legacy.FirstMac} carries a chain MAC but lies before the chain's start (id {head.LegacyMaxId}): it was moved or inserted.") };
        if (legacy.Rows != head.LegacyRows)
            return result with { Break = new AuditBreak(AuditBreakKind.LegacyRowsChanged, head.LegacyMaxId,
                $"The signed head records {head.LegacyRows} rows written before the chain started (ids up to {head.LegacyMaxId}); {legacy.Rows} are stored: rows were {(legacy.Rows < head.LegacyRows ? "deleted" : "inserted")} among them.") };

        var checkpoints = db.ReadCheckpoints(appId);
        foreach (var checkpoint in checkpoints)
        {
            if (!checkpoint.IsSignedBy(keys))
                return result with { Checkpoints = checkpoints.Count, Break = new AuditBreak(AuditBreakKind.CheckpointForged, checkpoint.RowId, $"The checkpoint at sequence {checkpoint.Seq} (row id {checkpoint.RowId}) fails its signature: it was forged or edited.") };
        }
        result = result with { Checkpoints = checkpoints.Count };
        return Walk(db, appId, keys, head, checkpoints, result);
    }

    private static AuditVerification Walk(IAuditChainSource db, string appId, AuditChainKeys keys, AuditChainHead head, List<AuditCheckpoint> checkpoints, AuditVerification result)
    {
        var encoder = new AuditRowEncoder();
        var prev = head.AnchorMac.ToArray();
        Span<byte> mac = stackalloc byte[32];
        var appIdUtf8 = System.Text.Encoding.UTF8.GetBytes(appId);
        long expected = head.AnchorSeq + 1, lastId = head.AnchorId, verified = 0;
        var nextCheckpoint = checkpoints.FindIndex(c => c.Seq > head.AnchorSeq);
        if (nextCheckpoint < 0) nextCheckpoint = checkpoints.Count;

        AuditVerification Broken(AuditBreakKind kind, long rowId, string message)
            => result with { RowsVerified = verified, Break = new AuditBreak(kind, rowId, message) };

        using var s = db.Rows(appId, head.LegacyMaxId);
        while (s.Read())
        {
            var id = s.Id;
            if (!s.IsChained)
                return Broken(AuditBreakKind.Inserted, id, $"Row id {id} has no chain MAC: it was inserted outside AlterTyped's audit writer.");
            var seq = s.Seq;
            if (seq > head.HeadSeq)
                return Broken(AuditBreakKind.Inserted, id, $"Row id {id} (sequence {seq}) lies past the signed head (sequence {head.HeadSeq}, row id {head.HeadId}): it was added outside the audit writer.");
            if (seq < expected)
                return Broken(AuditBreakKind.OutOfOrder, id, $"Row id {id} has sequence {seq} where {expected} was expected (after row id {lastId}): rows were reordered, duplicated or put back.");
            if (seq > expected)
            {
                return db.FindSeq(appId, expected) is { } movedTo
                    ? Broken(AuditBreakKind.OutOfOrder, id, $"Row id {id} has sequence {seq} where {expected} was expected; the row with sequence {expected} is at id {movedTo}: rows were reordered.")
                    : Broken(AuditBreakKind.Missing, id, seq - expected == 1
                        ? $"The row with sequence {expected}, between row id {lastId} and row id {id}, is missing: it was deleted."
                        : $"{seq - expected} rows (sequence {expected} to {seq - 1}), between row id {lastId} and row id {id}, are missing: they were deleted.");
            }

            encoder.Start(AuditLog.RowDomain, prev);
            encoder.Text(appIdUtf8);
            encoder.Int(id);
            encoder.Int(seq);
            s.Encode(encoder);
            encoder.Mac(keys.Chain, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, s.Mac))
                return Broken(AuditBreakKind.Edited, id, $"Row id {id} (sequence {seq}) does not match its MAC: it was edited.");

            if (nextCheckpoint < checkpoints.Count && checkpoints[nextCheckpoint].Seq == seq)
            {
                var checkpoint = checkpoints[nextCheckpoint++];
                if (checkpoint.RowId != id || !checkpoint.Mac.AsSpan().SequenceEqual(mac))
                    return Broken(AuditBreakKind.CheckpointForged, id, $"The checkpoint at sequence {seq} names row id {checkpoint.RowId} and a MAC the chain does not have at row id {id}.");
            }
            mac.CopyTo(prev);
            lastId = id;
            expected++;
            verified++;
        }

        if (expected - 1 < head.HeadSeq)
        {
            return Broken(AuditBreakKind.Truncated, head.HeadId, lastId == head.AnchorId && verified == 0
                ? $"Every chained row is missing: the signed head names row id {head.HeadId} (sequence {head.HeadSeq}): the log was truncated."
                : $"The rows after row id {lastId} are missing: the signed head names row id {head.HeadId} (sequence {head.HeadSeq}) as the newest: the log was truncated.");
        }
        if (lastId != head.HeadId || !prev.AsSpan().SequenceEqual(head.HeadMac))
            return Broken(AuditBreakKind.HeadForged, head.HeadId, $"The chain ends at row id {lastId}, but the signed head names row id {head.HeadId} with another MAC.");
        if (nextCheckpoint < checkpoints.Count)
        {
            var extra = checkpoints[nextCheckpoint];
            return Broken(AuditBreakKind.CheckpointForged, extra.RowId, $"The checkpoint at sequence {extra.Seq} names row id {extra.RowId}, which the chain does not reach.");
        }
        return result with { RowsVerified = verified };
    }
}
