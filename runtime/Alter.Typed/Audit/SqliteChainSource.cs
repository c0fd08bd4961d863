using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>
/// SQLite's audit tables read through its C API (<see cref="IAuditChainSource"/>): one reused statement per query, column
/// text read as UTF-8 spans straight into the encoder, so verifying allocates nothing per row.
/// </summary>
internal sealed class SqliteChainSource(sqlite3 db) : IAuditChainSource
{
    private const string RowsSql = """
        SELECT id, seq, mac, at, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id
        FROM audit WHERE app_id = ?1 AND id > ?2 ORDER BY id
        """;

    public AuditChainHead? ReadHead(string appId)
    {
        using var s = AuditSql.Prepare(db, AuditChainHead.SelectSql);
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, appId), db);
        return AuditSql.Step(s, db) ? AuditChainHead.Read(s) : null;
    }

    public (long MaxId, long Rows, long WithMac, long FirstMac) Legacy(string appId, long maxId)
    {
        using var s = AuditSql.Prepare(db, "SELECT IFNULL(MAX(id), 0), COUNT(*), COUNT(mac), IFNULL(MIN(CASE WHEN mac IS NOT NULL THEN id END), 0) FROM audit WHERE app_id = ?1 AND id <= ?2");
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, appId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 2, maxId), db);
        AuditSql.Step(s, db);
        return (raw.sqlite3_column_int64(s, 0), raw.sqlite3_column_int64(s, 1), raw.sqlite3_column_int64(s, 2), raw.sqlite3_column_int64(s, 3));
    }

    public List<AuditCheckpoint> ReadCheckpoints(string appId)
    {
        using var s = AuditSql.Prepare(db, "SELECT seq, row_id, mac, at, signature FROM audit_checkpoints WHERE app_id = ?1 ORDER BY seq");
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, appId), db);
        var list = new List<AuditCheckpoint>();
        while (AuditSql.Step(s, db))
        {
            list.Add(new AuditCheckpoint(appId, raw.sqlite3_column_int64(s, 0), raw.sqlite3_column_int64(s, 1), raw.sqlite3_column_blob(s, 2).ToArray(),
                raw.sqlite3_column_int64(s, 3), raw.sqlite3_column_blob(s, 4).ToArray()));
        }
        return list;
    }

    public long? FindSeq(string appId, long seq)
    {
        using var s = AuditSql.Prepare(db, "SELECT id FROM audit WHERE app_id = ?1 AND seq = ?2 ORDER BY id LIMIT 1");
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, appId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 2, seq), db);
        return AuditSql.Step(s, db) ? raw.sqlite3_column_int64(s, 0) : null;
    }

    public IAuditRowCursor Rows(string appId, long afterId)
    {
        var s = AuditSql.Prepare(db, RowsSql);
        AuditSql.Check(raw.sqlite3_bind_text(s, 1, appId), db);
        AuditSql.Check(raw.sqlite3_bind_int64(s, 2, afterId), db);
        return new Cursor(db, s);
    }

    public void WriteHead(AuditChainHead head)
    {
        using var upsert = AuditSql.Prepare(db, AuditChainHead.UpsertSql);
        head.Bind(upsert, db);
        AuditSql.Step(upsert, db);
    }

    private sealed class Cursor(sqlite3 db, sqlite3_stmt s) : IAuditRowCursor
    {
        public bool Read() => AuditSql.Step(s, db);

        public long Id => raw.sqlite3_column_int64(s, 0);

        public bool IsChained => raw.sqlite3_column_type(s, 1) != raw.SQLITE_NULL && raw.sqlite3_column_type(s, 2) != raw.SQLITE_NULL;

        public long Seq => raw.sqlite3_column_int64(s, 1);

        public ReadOnlySpan<byte> Mac => raw.sqlite3_column_blob(s, 2);

        public void Encode(AuditRowEncoder encoder)
        {
            encoder.Int(raw.sqlite3_column_int64(s, 3));
            for (var column = 4; column <= 10; column++) Text(encoder, column);
            encoder.Int(raw.sqlite3_column_int64(s, 11));
            Text(encoder, 12);
            encoder.Real(raw.sqlite3_column_double(s, 13));
            encoder.Int(raw.sqlite3_column_int64(s, 14));
            for (var column = 15; column <= 17; column++) Text(encoder, column);
        }

        private void Text(AuditRowEncoder encoder, int column)
        {
            if (raw.sqlite3_column_type(s, column) == raw.SQLITE_NULL) encoder.Null();
            else encoder.Text(raw.sqlite3_column_blob(s, column));
        }

        public void Dispose() => s.Dispose();
    }
}
