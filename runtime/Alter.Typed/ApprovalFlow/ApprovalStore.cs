using System.Security.Cryptography;
using Alter.Typed.Http;
using Alter.Typed.Vault;
using System.Data.Common;

namespace Alter.Typed.ApprovalFlow;

/// <summary>
/// The approvals of one app (schema step 11). Every statement names the app, so an approval id of another app reads,
/// decides and consumes nothing; a binding hashes the app id too. Using an approval is one
/// <c>UPDATE ... WHERE consumed_at IS NULL</c>, which SQLite runs under its write lock: of two calls racing for one
/// approval exactly one gets it.
/// </summary>
internal sealed class ApprovalStore(AlterDatabase db, string appId, AlterOptions options)
{
    private const int MaxDecidedBy = 200;
    private const int MaxReason = 1000;

    private const string Columns = """
        id, app_id, caller, principal, grant_id, provider, operation, method, url, content_type, body_preview, body_length,
        status, reason, created_at, decided_at, decided_by, expires_at, consumed_at
        """;

    // The status as of @now: an approved row used by a call is 'used'; a pending or approved-unused row past its expiry is
    // 'expired' (also before a call or a listing has written that down).
    private const string EffectiveStatus = """
        CASE WHEN status = 'approved' AND consumed_at IS NOT NULL THEN 'used'
             WHEN status IN ('pending', 'approved') AND expires_at <= @now THEN 'expired'
             ELSE status END
        """;

    private TimeProvider Time => options.TimeProvider;

    /// <summary>What a call needing an approval gets from the store.</summary>
    internal abstract record Decision(string Id);

    /// <summary>An approval was used up by this call: it goes on.</summary>
    internal sealed record Approved(string Id) : Decision(Id);

    /// <summary>A denial of this exact call, now reported (once).</summary>
    internal sealed record Denied(string Id, string? DecidedBy, string? Reason) : Decision(Id);

    /// <summary>The call waits for a human: this pending approval (reused, or recorded now).</summary>
    internal sealed record Pending(string Id, DateTimeOffset ExpiresAt, bool Created) : Decision(Id);

    /// <summary>
    /// For a call bound to <paramref name="binding"/>: uses an approved, unexpired, unused approval of it if there is one;
    /// else reports a denial of it not yet reported; else returns its pending approval, recording one if needed.
    /// </summary>
    public Decision Decide(CallContext context, ApprovalBinding binding, DateTimeOffset now)
    {
        using var connection = db.Open();
        var at = now.ToUnixMs();
        using (var consume = connection.Command($"""
            UPDATE approvals SET consumed_at = @now
            WHERE id = (SELECT id FROM approvals WHERE app_id = @app AND binding = @binding AND status = 'approved'
                        AND consumed_at IS NULL AND expires_at > @now ORDER BY decided_at, rowid LIMIT 1)
              AND app_id = @app AND status = 'approved' AND consumed_at IS NULL AND expires_at > @now
            RETURNING id
            """, ("@app", appId), ("@binding", binding.Hash), ("@now", at)))
        {
            if (consume.ExecuteScalar() is string used) return new Approved(used);
        }

        using (var report = connection.Command("""
            UPDATE approvals SET consumed_at = @now
            WHERE id = (SELECT id FROM approvals WHERE app_id = @app AND binding = @binding AND status = 'denied'
                        AND consumed_at IS NULL ORDER BY decided_at, rowid LIMIT 1)
              AND app_id = @app AND status = 'denied' AND consumed_at IS NULL
            RETURNING id, decided_by, reason
            """, ("@app", appId), ("@binding", binding.Hash), ("@now", at)))
        using (var reader = report.ExecuteReader())
        {
            if (reader.Read()) return new Denied(reader.GetString(0), reader.GetStringOrNull(1), reader.GetStringOrNull(2));
        }

        // One pending row per binding (the partial unique index): a lapsed one is marked expired, then the live one is
        // reused or a new one recorded, in one write transaction so that concurrent identical calls share one row.
        using var tx = db.BeginWrite(connection, "approval:" + appId + ":" + binding.Hash);
        using (var lapse = connection.Command("""
            UPDATE approvals SET status = 'expired' WHERE app_id = @app AND binding = @binding AND status = 'pending' AND expires_at <= @now
            """, ("@app", appId), ("@binding", binding.Hash), ("@now", at)))
        {
            lapse.Transaction = tx;
            lapse.ExecuteNonQuery();
        }
        using (var find = connection.Command("""
            SELECT id, expires_at FROM approvals WHERE app_id = @app AND binding = @binding AND status = 'pending'
            """, ("@app", appId), ("@binding", binding.Hash)))
        {
            find.Transaction = tx;
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                var pending = new Pending(reader.GetString(0), DbExtensions.FromUnixMs(reader.GetInt64(1)), Created: false);
                reader.Close();
                tx.Commit();
                return pending;
            }
        }
        var id = "apr_" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var expires = DbExtensions.FromUnixMs((now + options.ApprovalPendingLifetime).ToUnixMs());   // as stored: to the millisecond
        using (var insert = connection.Command("""
            INSERT INTO approvals (id, app_id, caller, principal, grant_id, provider, operation, binding, method, url, content_type,
                body_preview, body_length, status, created_at, expires_at)
            VALUES (@id, @app, @caller, @principal, @grant, @provider, @operation, @binding, @method, @url, @type,
                @preview, @length, 'pending', @now, @expires)
            """, ("@id", id), ("@app", appId), ("@caller", context.Caller), ("@principal", context.Principal!.Key), ("@grant", context.Grant?.Id),
            ("@provider", context.Provider.Id), ("@operation", context.Operation), ("@binding", binding.Hash), ("@method", binding.Method),
            ("@url", binding.Url), ("@type", binding.ContentType), ("@preview", binding.BodyPreview), ("@length", binding.BodyLength),
            ("@now", at), ("@expires", expires.ToUnixMs())))
        {
            insert.Transaction = tx;
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        return new Pending(id, expires, Created: true);
    }

    /// <summary>This app's approvals as of now, newest first, optionally only those with <paramref name="status"/>.</summary>
    public IReadOnlyList<ApprovalInfo> List(ApprovalStatus? status, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        using var connection = db.Open();
        using var query = connection.Command($"""
            SELECT {Columns}, {EffectiveStatus} FROM approvals
            WHERE app_id = @app AND (@status IS NULL OR {EffectiveStatus} = @status)
            ORDER BY created_at DESC, rowid DESC LIMIT @limit
            """, ("@app", appId), ("@now", Time.GetUtcNow().ToUnixMs()), ("@status", status is { } s ? Name(s) : null), ("@limit", limit));
        using var reader = query.ExecuteReader();
        var rows = new List<ApprovalInfo>();
        while (reader.Read()) rows.Add(Read(reader));
        return rows;
    }

    /// <summary>An approval of this app as of now; null when there is none.</summary>
    public ApprovalInfo? Get(string id)
    {
        using var connection = db.Open();
        return Get(connection, id, Time.GetUtcNow());
    }

    private ApprovalInfo? Get(DbConnection connection, string id, DateTimeOffset now)
    {
        using var query = connection.Command($"SELECT {Columns}, {EffectiveStatus} FROM approvals WHERE app_id = @app AND id = @id",
            ("@app", appId), ("@id", id), ("@now", now.ToUnixMs()));
        using var reader = query.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Approves a pending, unexpired approval: the same call may then go through once within <see cref="AlterOptions.ApprovalUseWithin"/>.</summary>
    public ApprovalInfo Approve(string id, string decidedBy)
        => Decide(id, decidedBy, null, approve: true);

    /// <summary>Denies a pending, unexpired approval.</summary>
    public ApprovalInfo Deny(string id, string decidedBy, string? reason)
        => Decide(id, decidedBy, reason, approve: false);

    private ApprovalInfo Decide(string id, string decidedBy, string? reason, bool approve)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        CheckText(decidedBy, MaxDecidedBy, nameof(decidedBy), required: true);
        CheckText(reason, MaxReason, nameof(reason), required: false);
        var now = Time.GetUtcNow();
        using var connection = db.Open();
        using (var update = connection.Command("""
            UPDATE approvals SET status = @status, decided_at = @now, decided_by = @by, reason = @reason,
                expires_at = CASE WHEN @status = 'approved' THEN @use ELSE expires_at END
            WHERE id = @id AND app_id = @app AND status = 'pending' AND expires_at > @now
            """, ("@status", approve ? "approved" : "denied"), ("@now", now.ToUnixMs()), ("@by", decidedBy), ("@reason", reason),
            ("@use", (now + options.ApprovalUseWithin).ToUnixMs()), ("@id", id), ("@app", appId)))
        {
            if (update.ExecuteNonQuery() == 1) return Get(connection, id, now)!;
        }
        var verb = approve ? "approved" : "denied";
        return Get(connection, id, now) switch
        {
            null => throw new ApprovalStateException($"This app has no approval '{id}' (see `alter approvals list`).", id, null),
            { Status: ApprovalStatus.Expired } expired => throw new ApprovalStateException(
                $"Approval {id} expired at {expired.ExpiresAt:u} without a decision and cannot be {verb}; the caller's next identical call asks again.", id, ApprovalStatus.Expired),
            var other => throw new ApprovalStateException(
                $"Approval {id} is already {Name(other.Status)}{(other.DecidedBy is { } by ? " (by " + by + ")" : "")}; only a pending approval can be {verb}.", id, other.Status),
        };
    }

    private static void CheckText(string? value, int max, string parameter, bool required)
    {
        if (value is null)
        {
            if (required) throw new ArgumentNullException(parameter);
            return;
        }
        if ((required && value.Length == 0) || value.Length > max || value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085'))
            throw new ArgumentException($"{parameter} is {(required ? 1 : 0)} to {max} characters without control characters.", parameter);
    }

    internal static string Name(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Pending => "pending",
        ApprovalStatus.Approved => "approved",
        ApprovalStatus.Denied => "denied",
        ApprovalStatus.Expired => "expired",
        ApprovalStatus.Used => "used",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static ApprovalStatus Parse(string status) => status switch
    {
        "pending" => ApprovalStatus.Pending,
        "approved" => ApprovalStatus.Approved,
        "denied" => ApprovalStatus.Denied,
        "used" => ApprovalStatus.Used,
        _ => ApprovalStatus.Expired,
    };

    private static ApprovalInfo Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        AppId = r.GetString(1),
        Caller = r.GetString(2),
        Principal = r.GetString(3),
        GrantId = r.GetStringOrNull(4),
        Provider = r.GetString(5),
        Operation = r.GetString(6),
        Method = r.GetString(7),
        Url = r.GetString(8),
        ContentType = r.GetStringOrNull(9),
        BodyPreview = r.GetStringOrNull(10),
        BodyLength = r.GetInt64(11),
        Reason = r.GetStringOrNull(13),
        CreatedAt = DbExtensions.FromUnixMs(r.GetInt64(14)),
        DecidedAt = r.IsDBNull(15) ? null : DbExtensions.FromUnixMs(r.GetInt64(15)),
        DecidedBy = r.GetStringOrNull(16),
        ExpiresAt = DbExtensions.FromUnixMs(r.GetInt64(17)),
        ConsumedAt = r.IsDBNull(18) ? null : DbExtensions.FromUnixMs(r.GetInt64(18)),
        Status = Parse(r.GetString(19)),
    };
}
