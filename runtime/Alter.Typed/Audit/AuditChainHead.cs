using System.Security.Cryptography;
using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>
/// One app's row of <c>audit_chain</c>, signed as a whole: where its chain starts and where it ends.
/// <list type="bullet">
/// <item><c>LegacyMaxId</c>/<c>LegacyRows</c>: the app's rows written before the chain started (schema 12 adds the
/// chain; rows from before it carry no MAC); <c>LegacyRows</c> is how many of them are still stored (retention lowers it).</item>
/// <item><c>Anchor*</c>: the chain's value just before its first stored row: the genesis value (seq 0, id 0), or, after
/// retention deleted old rows, the id, seq and MAC of the last row deleted.</item>
/// <item><c>Head*</c>: the newest row; rewritten with every transaction that appends rows, so deleting the newest rows
/// (truncation) leaves a head that names rows no longer there.</item>
/// </list>
/// </summary>
internal sealed record AuditChainHead(
    string AppId, string KeyId, long LegacyMaxId, long LegacyRows,
    long AnchorId, long AnchorSeq, byte[] AnchorMac, long HeadId, long HeadSeq, byte[] HeadMac, byte[] Signature)
{
    /// <summary>The columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns = "app_id, key_id, legacy_max_id, legacy_rows, anchor_id, anchor_seq, anchor_mac, head_id, head_seq, head_mac, signature";

    /// <summary>How many columns <see cref="Columns"/> names.</summary>
    public const int ColumnCount = 11;

    /// <summary>Writes (inserts or replaces) an app's head; parameters 1 to 11 in <see cref="Columns"/> order.</summary>
    public const string UpsertSql = "INSERT OR REPLACE INTO audit_chain (" + Columns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

    /// <summary>
    /// Moves an existing head (the writer's common case, an in-place update of one row); parameters as in
    /// <see cref="UpsertSql"/>, of which 3 to 7 (the legacy rows and the anchor) are left as they are: retention moves
    /// them under the same write lock, and they are signed as read.
    /// </summary>
    public const string UpdateSql = "UPDATE audit_chain SET key_id = ?2, head_id = ?8, head_seq = ?9, head_mac = ?10, signature = ?11 WHERE app_id = ?1";

    /// <summary>Reads an app's head (parameter 1: the app id).</summary>
    public const string SelectSql = "SELECT " + Columns + " FROM audit_chain WHERE app_id = ?1";

    /// <summary>The chain's first head for an app: nothing chained yet, the app's existing rows counted as legacy.</summary>
    public static AuditChainHead Start(AuditChainKeys keys, string appId, long legacyMaxId, long legacyRows)
    {
        var genesis = keys.Genesis(appId);
        return new AuditChainHead(appId, keys.KeyId, legacyMaxId, legacyRows, 0, 0, genesis, 0, 0, genesis, []).Signed(keys);
    }

    /// <summary>
    /// Refuses to extend a stored head that another key wrote, that went back from the one this writer last committed
    /// (a saved copy put back to hide rows: a rollback), or whose signature fails (extending a forged head would re-sign it
    /// and hide what was done). <paramref name="lastHead"/>: the head this writer last committed, whose unchanged copy
    /// needs no signature check.
    /// </summary>
    public static void EnsureExtendable(AuditChainHead head, AuditChainHead? lastHead, AuditChainKeys keys, AuditRowEncoder signer)
    {
        if (head.KeyId != keys.KeyId)
            throw new AlterException($"The audit chain of app {head.AppId} was written under another vault key (key id {head.KeyId}, this process has {keys.KeyId}). Set ALTER_VAULT_KEY (or AlterOptions.VaultKey) to the key that wrote this store.");
        if (lastHead is { } last && head.HeadSeq < last.HeadSeq)
            throw new AlterException($"The audit chain head of app {head.AppId} went back from sequence {last.HeadSeq} to {head.HeadSeq}: the audit store was rolled back. Rows are not written until this is resolved: run `alter audit verify` and restore the store from a backup.");
        if (!head.SameAs(lastHead) && !head.IsSignedBy(keys, signer))
            throw new AlterException($"The audit chain head of app {head.AppId} fails its signature: the audit store was edited. Rows are not written until this is resolved: run `alter audit verify` and restore the store from a backup.");
    }

    /// <summary>This head with its signature computed under <paramref name="keys"/> (<paramref name="encoder"/>: one to reuse).</summary>
    public AuditChainHead Signed(AuditChainKeys keys, AuditRowEncoder? encoder = null)
    {
        var head = this with { KeyId = keys.KeyId };
        return head with { Signature = Sign(keys, head, encoder) };
    }

    /// <summary>Whether the signature is the one <paramref name="keys"/> give (compared in constant time).</summary>
    public bool IsSignedBy(AuditChainKeys keys, AuditRowEncoder? encoder = null) => CryptographicOperations.FixedTimeEquals(Signature, Sign(keys, this, encoder));

    /// <summary>Whether every field (signature included) is the same as <paramref name="other"/>'s.</summary>
    public bool SameAs(AuditChainHead? other) => other is not null && AppId == other.AppId && KeyId == other.KeyId
        && LegacyMaxId == other.LegacyMaxId && LegacyRows == other.LegacyRows && AnchorId == other.AnchorId && AnchorSeq == other.AnchorSeq
        && HeadId == other.HeadId && HeadSeq == other.HeadSeq && AnchorMac.AsSpan().SequenceEqual(other.AnchorMac)
        && HeadMac.AsSpan().SequenceEqual(other.HeadMac) && Signature.AsSpan().SequenceEqual(other.Signature);

    private static byte[] Sign(AuditChainKeys keys, AuditChainHead h, AuditRowEncoder? encoder)
    {
        var e = encoder ?? new AuditRowEncoder();
        e.Start("alter.audit.head.v1"u8, []);
        e.Text(h.AppId);
        e.Text(h.KeyId);
        e.Int(h.LegacyMaxId);
        e.Int(h.LegacyRows);
        e.Int(h.AnchorId);
        e.Int(h.AnchorSeq);
        e.Raw(h.AnchorMac);
        e.Int(h.HeadId);
        e.Int(h.HeadSeq);
        e.Raw(h.HeadMac);
        return e.Mac(keys.Sign);
    }

    /// <summary>Reads a head from the current row of <paramref name="s"/> (columns in <see cref="Columns"/> order).</summary>
    public static AuditChainHead Read(sqlite3_stmt s) => new(
        raw.sqlite3_column_text(s, 0).utf8_to_string(), raw.sqlite3_column_text(s, 1).utf8_to_string(),
        raw.sqlite3_column_int64(s, 2), raw.sqlite3_column_int64(s, 3), raw.sqlite3_column_int64(s, 4), raw.sqlite3_column_int64(s, 5),
        raw.sqlite3_column_blob(s, 6).ToArray(), raw.sqlite3_column_int64(s, 7), raw.sqlite3_column_int64(s, 8),
        raw.sqlite3_column_blob(s, 9).ToArray(), raw.sqlite3_column_blob(s, 10).ToArray());

    /// <summary>Binds this head to <see cref="UpsertSql"/>'s parameters.</summary>
    public void Bind(sqlite3_stmt s, sqlite3 db)
    {
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, AppId), db);
        AuditSql.Check(raw.sqlite3_bind_text(s, 2, KeyId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 3, LegacyMaxId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 4, LegacyRows), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 5, AnchorId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 6, AnchorSeq), db);
        AuditSql.Check(raw.sqlite3_bind_blob(s, 7, AnchorMac), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 8, HeadId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 9, HeadSeq), db);
        AuditSql.Check(raw.sqlite3_bind_blob(s, 10, HeadMac), db);
        AuditSql.Check(raw.sqlite3_bind_blob(s, 11, Signature), db);
    }
}

/// <summary>A signed checkpoint: the chain's MAC at row <paramref name="RowId"/> (sequence <paramref name="Seq"/>), every <see cref="AuditLog.CheckpointEvery"/> rows.</summary>
internal sealed record AuditCheckpoint(string AppId, long Seq, long RowId, byte[] Mac, long AtMs, byte[] Signature)
{
    /// <summary>Inserts a checkpoint; parameters 1 to 6 in the record's order.</summary>
    public const string InsertSql = "INSERT OR REPLACE INTO audit_checkpoints (app_id, seq, row_id, mac, at, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

    /// <summary>A checkpoint signed under <paramref name="keys"/>.</summary>
    public static AuditCheckpoint Create(AuditChainKeys keys, string appId, long seq, long rowId, byte[] mac, long atMs, AuditRowEncoder? encoder = null)
        => new(appId, seq, rowId, mac, atMs, Sign(keys, appId, seq, rowId, mac, atMs, encoder));

    /// <summary>Whether the signature is the one <paramref name="keys"/> give.</summary>
    public bool IsSignedBy(AuditChainKeys keys, AuditRowEncoder? encoder = null) => CryptographicOperations.FixedTimeEquals(Signature, Sign(keys, AppId, Seq, RowId, Mac, AtMs, encoder));

    private static byte[] Sign(AuditChainKeys keys, string appId, long seq, long rowId, byte[] mac, long atMs, AuditRowEncoder? encoder)
    {
        var e = encoder ?? new AuditRowEncoder();
        e.Start("alter.audit.checkpoint.v1"u8, []);
        e.Text(appId);
        e.Int(seq);
        e.Int(rowId);
        e.Raw(mac);
        e.Int(atMs);
        return e.Mac(keys.Sign);
    }

    /// <summary>Binds this checkpoint to <see cref="InsertSql"/>'s parameters.</summary>
    public void Bind(sqlite3_stmt s, sqlite3 db)
    {
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, AppId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 2, Seq), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 3, RowId), db);
        AuditSql.Check(raw.sqlite3_bind_blob(s, 4, Mac), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 5, AtMs), db);
        AuditSql.Check(raw.sqlite3_bind_blob(s, 6, Signature), db);
    }
}
