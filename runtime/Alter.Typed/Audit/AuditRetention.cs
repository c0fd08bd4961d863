using System.Data.Common;
using Alter.Typed.Vault;
using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>
/// Retention by age with the chain kept verifiable. In one immediate transaction (writers wait): verify the app's whole
/// chain (a broken chain is not pruned: that would delete the evidence), delete the app's oldest rows up to the first
/// one at or after the cutoff (a prefix, so what is left is still one chain), and move the head's signed anchor to the
/// last deleted chained row (its id, sequence and MAC): verification then starts from there. Checkpoints at or before
/// the anchor go too. A row deleted in the middle later still breaks the chain.
/// </summary>
internal static class AuditRetention
{
    public static AuditPruneResult Prune(SqliteDatabase database, string appId, AuditChainKeys keys, DateTimeOffset cutoff)
    {
        using var connection = database.OpenSqlite();
        var db = connection.Handle!;
        // Begun through SQLite itself: Microsoft.Data.Sqlite's commands then run inside it without a transaction object.
        AuditSql.Check(raw.sqlite3_exec(db, "BEGIN IMMEDIATE"), db);
        try
        {
            var result = PruneLocked(connection, new SqliteChainSource(db), appId, keys, cutoff);
            AuditSql.Check(raw.sqlite3_exec(db, "COMMIT"), db);
            return result;
        }
        catch
        {
            raw.sqlite3_exec(db, "ROLLBACK");
            throw;
        }
    }

    /// <summary>
    /// Prunes inside the caller's transaction, which must hold the store's writers off (SQLite: <c>BEGIN IMMEDIATE</c>;
    /// PostgreSQL: the audit writers' advisory lock). <paramref name="connection"/> runs the plain statements (its
    /// transaction set by the caller's store), <paramref name="source"/> reads and writes the chain.
    /// </summary>
    internal static AuditPruneResult PruneLocked(DbConnection connection, IAuditChainSource source, string appId, AuditChainKeys keys, DateTimeOffset cutoff, DbTransaction? transaction = null)
    {
        var verification = AuditChainVerifier.Verify(source, appId, keys);
        if (verification.Break is { } broken)
            throw new AlterException($"The audit chain of app {appId} is broken, so nothing was pruned (pruning would delete the evidence): {broken.Message} Run `alter audit verify`.");

        var head = source.ReadHead(appId);
        if (head is null)
        {
            var legacy = source.Legacy(appId, long.MaxValue);
            head = AuditChainHead.Start(keys, appId, legacy.MaxId, legacy.Rows);
        }

        // The prefix: every row of the app before its first row at or after the cutoff (all of them when none is).
        var firstKept = Scalar(connection, transaction, "SELECT MIN(id) FROM audit WHERE app_id = @app AND at >= @cutoff", ("@app", appId), ("@cutoff", cutoff.ToUnixMs()));
        var last = firstKept is { } kept ? kept - 1 : Scalar(connection, transaction, "SELECT MAX(id) FROM audit WHERE app_id = @app", ("@app", appId)) ?? 0;

        long anchorId = head.AnchorId, anchorSeq = head.AnchorSeq;
        var anchorMac = head.AnchorMac;
        using (var anchor = connection.Command("SELECT id, seq, mac FROM audit WHERE app_id = @app AND id <= @last AND seq IS NOT NULL ORDER BY id DESC LIMIT 1",
            ("@app", appId), ("@last", last)))
        {
            anchor.Transaction = transaction;
            using var reader = anchor.ExecuteReader();
            if (reader.Read()) (anchorId, anchorSeq, anchorMac) = (reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2]);
        }
        var legacyDeleted = Scalar(connection, transaction, "SELECT COUNT(*) FROM audit WHERE app_id = @app AND id <= @last AND mac IS NULL", ("@app", appId), ("@last", last)) ?? 0;

        using var delete = connection.Command("DELETE FROM audit WHERE app_id = @app AND id <= @last", ("@app", appId), ("@last", last));
        delete.Transaction = transaction;
        var deleted = delete.ExecuteNonQuery();
        using var checkpoints = connection.Command("DELETE FROM audit_checkpoints WHERE app_id = @app AND seq <= @seq", ("@app", appId), ("@seq", anchorSeq));
        checkpoints.Transaction = transaction;
        checkpoints.ExecuteNonQuery();

        head = (head with { LegacyRows = head.LegacyRows - legacyDeleted, AnchorId = anchorId, AnchorSeq = anchorSeq, AnchorMac = anchorMac }).Signed(keys);
        source.WriteHead(head);
        return new AuditPruneResult(appId, cutoff, deleted, anchorSeq == 0 ? 0 : anchorId);
    }

    private static long? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        command.Transaction = transaction;
        return command.ExecuteScalar() is long l ? l : null;
    }
}
