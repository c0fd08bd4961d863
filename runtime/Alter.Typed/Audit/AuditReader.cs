using Alter.Typed.Vault;

namespace Alter.Typed.Audit;

/// <summary>
/// Reads one app's audit rows from the store, newest first, with every filter of <see cref="AuditQuery"/>. Shared by
/// <see cref="AuditLog.QueryAsync"/> (an app reading its own log) and the portal (an operator reading any app's).
/// </summary>
internal static class AuditReader
{
    /// <summary>The most rows one read returns, whatever the query asks (a page; read on with <see cref="AuditQuery.BeforeId"/>).</summary>
    public const int MaxLimit = 100_000;

    public static IReadOnlyList<AuditRecord> Read(AlterDatabase db, string appId, AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"AuditQuery.Limit must be between 1 and {MaxLimit}.");
        // An outcome ending in '*' is a prefix, compared by substr (never LIKE: '%' and '_' in a filter are plain text).
        string? outcome = query.Outcome, outcomePrefix = null;
        if (outcome is { Length: > 0 } && outcome[^1] == '*') (outcomePrefix, outcome) = (outcome[..^1], null);

        using var connection = db.Open();
        using var command = connection.Command("""
            SELECT id, at, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id
            FROM audit WHERE app_id = @app AND (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
              AND (@provider IS NULL OR provider = @provider) AND (@operation IS NULL OR operation = @operation)
              AND (@grant IS NULL OR grant_id = @grant) AND (@principal IS NULL OR principal = @principal)
              AND (@caller IS NULL OR caller = @caller) AND (@status IS NULL OR status = @status)
              AND (@outcome IS NULL OR outcome = @outcome)
              AND (@prefix IS NULL OR substr(outcome, 1, length(@prefix)) = @prefix)
              AND (@before IS NULL OR id < @before)
            ORDER BY at DESC, id DESC LIMIT @limit
            """, ("@app", appId), ("@since", DbExtensions.Int64OrNull(query.Since?.ToUnixMs())), ("@until", DbExtensions.Int64OrNull(query.Until?.ToUnixMs())),
            ("@provider", query.Provider), ("@operation", query.Operation), ("@grant", query.GrantId),
            ("@principal", query.Principal?.Key), ("@caller", query.Caller), ("@status", DbExtensions.Int64OrNull(query.Status)), ("@outcome", outcome),
            ("@prefix", outcomePrefix), ("@before", DbExtensions.Int64OrNull(query.BeforeId)), ("@limit", query.Limit));
        using var reader = command.ExecuteReader();
        var rows = new List<AuditRecord>();
        while (reader.Read())
        {
            rows.Add(new AuditRecord(DbExtensions.FromUnixMs(reader.GetInt64(1)), reader.GetString(2), reader.GetStringOrNull(3), reader.GetString(4),
                reader.GetString(5), reader.GetStringOrNull(6), reader.GetString(7), reader.GetString(8), reader.GetInt(9), reader.GetString(10),
                reader.GetDouble(11), reader.GetInt64(12) != 0)
            {
                Id = reader.GetInt64(0), DelegationId = reader.GetStringOrNull(13), Tool = reader.GetStringOrNull(14), ApprovalId = reader.GetStringOrNull(15),
            });
        }
        return rows;
    }
}
