using Alter.Typed.Audit;
using Alter.Typed.Vault;
using Npgsql;

namespace Alter.Typed.PostgreSql;

/// <summary>
/// PostgreSQL's audit tables for the verifier and retention (<see cref="IAuditChainSource"/>), inside the caller's
/// transaction. Row text is MACed as the UTF-8 of the strings Npgsql reads back: the same bytes the writer MACed.
/// </summary>
internal sealed class PostgresChainSource(NpgsqlTransaction tx, PostgresDatabase database) : IAuditChainSource
{
    public AuditChainHead? ReadHead(string appId) => PostgresAuditWriter.ReadHead(tx, appId);

    public (long MaxId, long Rows, long WithMac, long FirstMac) Legacy(string appId, long maxId)
    {
        using var query = tx.Command("SELECT coalesce(max(id), 0), count(*), count(mac), coalesce(min(CASE WHEN mac IS NOT NULL THEN id END), 0) FROM audit WHERE app_id = @app AND id <= @max",
            ("@app", appId), ("@max", maxId));
        using var r = query.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
    }

    public List<AuditCheckpoint> ReadCheckpoints(string appId)
    {
        using var query = tx.Command("SELECT seq, row_id, mac, at, signature FROM audit_checkpoints WHERE app_id = @app ORDER BY seq", ("@app", appId));
        using var r = query.ExecuteReader();
        var list = new List<AuditCheckpoint>();
        while (r.Read()) list.Add(new AuditCheckpoint(appId, r.GetInt64(0), r.GetInt64(1), (byte[])r[2], r.GetInt64(3), (byte[])r[4]));
        return list;
    }

    /// <remarks>Asked while <see cref="Rows"/> is being read, which holds this connection: asks on another one.</remarks>
    public long? FindSeq(string appId, long seq)
    {
        using var connection = database.OpenNpgsql();
        using var query = connection.Command("SELECT id FROM audit WHERE app_id = @app AND seq = @seq ORDER BY id LIMIT 1", ("@app", appId), ("@seq", seq));
        return query.ExecuteScalar() is long id ? id : null;
    }

    public IAuditRowCursor Rows(string appId, long afterId)
    {
        var query = tx.Command("""
            SELECT id, seq, mac, at, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id
            FROM audit WHERE app_id = @app AND id > @after ORDER BY id
            """, ("@app", appId), ("@after", afterId));
        return new Cursor(query, query.ExecuteReader());
    }

    public void WriteHead(AuditChainHead head) => PostgresAuditWriter.UpsertHead(tx, head);

    private sealed class Cursor(System.Data.Common.DbCommand command, System.Data.Common.DbDataReader r) : IAuditRowCursor
    {
        private byte[] _mac = [];

        public bool Read()
        {
            if (!r.Read()) return false;
            _mac = r.IsDBNull(2) ? [] : (byte[])r[2];
            return true;
        }

        public long Id => r.GetInt64(0);

        public bool IsChained => !r.IsDBNull(1) && !r.IsDBNull(2);

        public long Seq => r.GetInt64(1);

        public ReadOnlySpan<byte> Mac => _mac;

        public void Encode(AuditRowEncoder encoder)
        {
            encoder.Int(r.GetInt64(3));
            for (var column = 4; column <= 10; column++) encoder.Text(r.IsDBNull(column) ? null : r.GetString(column));
            encoder.Int(r.GetInt64(11));
            encoder.Text(r.IsDBNull(12) ? null : r.GetString(12));
            encoder.Real(r.GetDouble(13));
            encoder.Int(r.GetInt64(14));
            for (var column = 15; column <= 17; column++) encoder.Text(r.IsDBNull(column) ? null : r.GetString(column));
        }

        public void Dispose()
        {
            r.Dispose();
            command.Dispose();
        }
    }
}
