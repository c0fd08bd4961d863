using Alter.Typed.Vault;
using Microsoft.Data.Sqlite;
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
            var result = PruneLocked(connection, appId, keys, cutoff);
            AuditSql.Check(raw.sqlite3_exec(db, "COMMIT"), db);
            return result;
        }
        catch
        {
            raw.sqlite3_exec(db, "ROLLBACK");
            throw;
        }
    }

    private static AuditPruneResult PruneLocked(SqliteConnection connection, string appId, AuditChainKeys keys, DateTimeOffset cutoff)
    {
        var verification = AuditChainVerifier.Verify(connection, appId, keys);
        if (verification.Break is { } broken)
            throw new AlterException($"The audit chain of app {appId} is broken, so nothing was pruned (pruning would delete the evidence): {broken.Message} Run `alter audit verify`.");

        var db = connection.Handle!;
        var head = AuditChainVerifier.ReadHead(db, appId);
        if (head is null)
        {
            var legacy = AuditChainVerifier.Legacy(db, appId, long.MaxValue);
            head = AuditChainHead.Start(keys, appId, legacy.MaxId, legacy.Rows);
        }

        // The prefix: every row of the app before its first row at or after the cutoff (all of them when none is).
        var firstKept = Scalar(connection, "SELECT MIN(id) FROM audit WHERE app_id = @app AND at >= @cutoff", ("@app", appId), ("@cutoff", cutoff.ToUnixMs()));
        var last = firstKept is { } kept ? kept - 1 : Scalar(connection, "SELECT MAX(id) FROM audit WHERE app_id = @app", ("@app", appId)) ?? 0;

        long anchorId = head.AnchorId, anchorSeq = head.AnchorSeq;
        var anchorMac = head.AnchorMac;
        using (var anchor = connection.Command("SELECT id, seq, mac FROM audit WHERE app_id = @app AND id <= @last AND seq IS NOT NULL ORDER BY id DESC LIMIT 1",
            ("@app", appId), ("@last", last)))
        using (var reader = anchor.ExecuteReader())
        {
            if (reader.Read()) (anchorId, anchorSeq, anchorMac) = (reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2]);
        }
        var legacyDeleted = Scalar(connection, "SELECT COUNT(*) FROM audit WHERE app_id = @app AND id <= @last AND mac IS NULL", ("@app", appId), ("@last", last)) ?? 0;

        using var delete = connection.Command("DELETE FROM audit WHERE app_id = @app AND id <= @last", ("@app", appId), ("@last", last));
        var deleted = delete.ExecuteNonQuery();
        using var checkpoints = connection.Command("DELETE FROM audit_checkpoints WHERE app_id = @app AND seq <= @seq", ("@app", appId), ("@seq", anchorSeq));
        checkpoints.ExecuteNonQuery();

        head = (head with { LegacyRows = head.LegacyRows - legacyDeleted, AnchorId = anchorId, AnchorSeq = anchorSeq, AnchorMac = anchorMac }).Signed(keys);
        using (var upsert = AuditSql.Prepare(db, AuditChainHead.UpsertSql))
        {
            head.Bind(upsert, db);
            AuditSql.Step(upsert, db);
        }
        return new AuditPruneResult(appId, cutoff, deleted, anchorSeq == 0 ? 0 : anchorId);
    }

    private static long? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteScalar() is long l ? l : null;
    }
}
