using Alter.Typed.Audit;
using Alter.Typed.Vault;
using Npgsql;
using NpgsqlTypes;

namespace Alter.Typed.PostgreSql;

/// <summary>
/// Writes the audit log's batches to PostgreSQL: one transaction per batch, rows streamed with binary COPY (one round
/// trip for the whole batch, no per-row statement), chained as on SQLite (<see cref="AuditChainAppender"/>).
/// </summary>
/// <remarks>
/// Every writer of the store, in every instance, first takes one transaction-scoped advisory lock
/// (<see cref="PostgresDatabase.AuditLock"/>), as SQLite's writers take its file lock: the app's head read in the
/// transaction is the newest, ids from <c>audit_counter</c> are contiguous and never reused, and two instances never fork
/// an app's chain. A batch is thousands of rows at most, so the lock is held for one COPY.
/// </remarks>
internal sealed class PostgresAuditWriter(PostgresDatabase database) : AuditBatchWriter
{
    private const string CopySql = "COPY audit (id, at, app_id, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id, seq, mac) FROM STDIN (FORMAT BINARY)";

    /// <inheritdoc/>
    public override void Write(IReadOnlyList<AuditEntry> rows, AuditChainAppender chain)
    {
        using var connection = database.OpenNpgsql();
        using var tx = connection.BeginTransaction();
        using (var take = tx.Command("SELECT pg_advisory_xact_lock(@key)", ("@key", PostgresDatabase.AuditLock))) take.ExecuteNonQuery();

        var appId = chain.AppId;
        long lastId;
        using (var counter = tx.Command("SELECT last_id FROM audit_counter")) lastId = (long)counter.ExecuteScalar()!;
        chain.Begin(ReadHead(tx, appId), lastId, () => Legacy(tx, appId));

        using (var copy = connection.BeginBinaryImport(CopySql))
        {
            foreach (var r in rows)
            {
                var at = r.At.ToUnixMs();
                var host = r.Uri is { } uri ? uri.Authority : r.Host ?? "";
                var (id, seq, mac) = chain.Append(r, host, at);
                copy.StartRow();
                copy.Write(id, NpgsqlDbType.Bigint);
                copy.Write(at, NpgsqlDbType.Bigint);
                copy.Write(appId, NpgsqlDbType.Text);
                copy.Write(r.Caller, NpgsqlDbType.Text);
                Text(copy, r.Principal);
                copy.Write(r.Provider, NpgsqlDbType.Text);
                copy.Write(r.Operation, NpgsqlDbType.Text);
                Text(copy, r.GrantId);
                copy.Write(r.Method, NpgsqlDbType.Text);
                copy.Write(host, NpgsqlDbType.Text);
                copy.Write((long)r.Status, NpgsqlDbType.Bigint);
                copy.Write(r.Outcome, NpgsqlDbType.Text);
                copy.Write(r.LatencyMs, NpgsqlDbType.Double);
                copy.Write(r.Refreshed ? 1L : 0L, NpgsqlDbType.Bigint);
                Text(copy, r.DelegationId);
                Text(copy, r.Tool);
                Text(copy, r.ApprovalId);
                copy.Write(seq, NpgsqlDbType.Bigint);
                copy.Write(mac, NpgsqlDbType.Bytea);
            }
            copy.Complete();
        }

        foreach (var checkpoint in chain.Checkpoints)
        {
            using var insert = tx.Command("""
                INSERT INTO audit_checkpoints (app_id, seq, row_id, mac, at, signature) VALUES (@app, @seq, @row, @mac, @at, @signature)
                ON CONFLICT (app_id, seq) DO UPDATE SET row_id = excluded.row_id, mac = excluded.mac, at = excluded.at, signature = excluded.signature
                """, ("@app", checkpoint.AppId), ("@seq", checkpoint.Seq), ("@row", checkpoint.RowId), ("@mac", checkpoint.Mac), ("@at", checkpoint.AtMs), ("@signature", checkpoint.Signature));
            insert.ExecuteNonQuery();
        }

        var isNew = chain.IsNew;
        var head = chain.End();
        if (isNew) UpsertHead(tx, head);
        else
        {
            // The legacy rows and the anchor stay as read (retention moves them under the same lock; they are signed as read).
            using var write = tx.Command("UPDATE audit_chain SET key_id = @key, head_id = @headId, head_seq = @headSeq, head_mac = @headMac, signature = @signature WHERE app_id = @app",
                ("@app", head.AppId), ("@key", head.KeyId), ("@headId", head.HeadId), ("@headSeq", head.HeadSeq), ("@headMac", head.HeadMac), ("@signature", head.Signature));
            write.ExecuteNonQuery();
        }
        using (var counter = tx.Command("UPDATE audit_counter SET last_id = @last", ("@last", head.HeadId))) counter.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>Writes an app's whole head, inserting or replacing it.</summary>
    internal static void UpsertHead(NpgsqlTransaction tx, AuditChainHead head)
    {
        using var write = tx.Command($"""
            INSERT INTO audit_chain ({AuditChainHead.Columns}) VALUES (@app, @key, @legacyMax, @legacyRows, @anchorId, @anchorSeq, @anchorMac, @headId, @headSeq, @headMac, @signature)
            ON CONFLICT (app_id) DO UPDATE SET key_id = excluded.key_id, legacy_max_id = excluded.legacy_max_id, legacy_rows = excluded.legacy_rows,
                anchor_id = excluded.anchor_id, anchor_seq = excluded.anchor_seq, anchor_mac = excluded.anchor_mac, head_id = excluded.head_id,
                head_seq = excluded.head_seq, head_mac = excluded.head_mac, signature = excluded.signature
            """,
            ("@app", head.AppId), ("@key", head.KeyId), ("@legacyMax", head.LegacyMaxId), ("@legacyRows", head.LegacyRows), ("@anchorId", head.AnchorId),
            ("@anchorSeq", head.AnchorSeq), ("@anchorMac", head.AnchorMac), ("@headId", head.HeadId), ("@headSeq", head.HeadSeq), ("@headMac", head.HeadMac), ("@signature", head.Signature));
        write.ExecuteNonQuery();
    }

    /// <summary>The app's signed head; null when it has none.</summary>
    internal static AuditChainHead? ReadHead(NpgsqlTransaction tx, string appId)
    {
        using var query = tx.Command($"SELECT {AuditChainHead.Columns} FROM audit_chain WHERE app_id = @app", ("@app", appId));
        using var r = query.ExecuteReader();
        if (!r.Read()) return null;
        return new AuditChainHead(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
            (byte[])r[6], r.GetInt64(7), r.GetInt64(8), (byte[])r[9], (byte[])r[10]);
    }

    private static (long MaxId, long Rows, long WithMac) Legacy(NpgsqlTransaction tx, string appId)
    {
        using var query = tx.Command("SELECT coalesce(max(id), 0), count(*), count(mac) FROM audit WHERE app_id = @app", ("@app", appId));
        using var r = query.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, NpgsqlDbType.Text);
    }
}
