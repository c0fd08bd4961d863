using System.Security.Cryptography;
using System.Text.Json;
using Alter.Typed.Vault;
using System.Data.Common;

namespace Alter.Typed.Delegations;

/// <summary>
/// The delegations of one app. Every statement names the app, so a delegation id from another app reads, changes and
/// deletes nothing; a delegation is inserted only while its agent is the app's and its grant is the user's, in the
/// same statement (no window between the check and the write).
/// </summary>
internal sealed class DelegationStore(AlterDatabase db, string appId, TimeProvider time)
{
    /// <summary>The prefix of delegation ids: an id with it, where a grant id is asked for, names a delegation.</summary>
    public const string IdPrefix = "dlg_";

    private const string Columns = "id, agent_id, user_key, grant_id, operations, created_at, expires_at, revoked_at";

    /// <summary>How many times a delegation row was read (tests prove every call rechecks).</summary>
    internal int Reads => Volatile.Read(ref _reads);

    private int _reads;

    /// <summary>
    /// Creates a delegation of <paramref name="grantId"/>, which <paramref name="user"/> must own, to
    /// <paramref name="agentId"/>; null when the agent is not the app's or the grant is not the user's (the two are not told apart).
    /// </summary>
    public Delegation? Create(string agentId, Principal user, string grantId, IReadOnlyList<string>? operations, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        var delegation = new Delegation(IdPrefix + RandomNumberGenerator.GetHexString(24, lowercase: true), agentId, user, grantId, operations,
            DbExtensions.FromUnixMs(now.ToUnixMs()), DbExtensions.FromUnixMs(expiresAt.ToUnixMs()), null);
        using var connection = db.Open();
        using var insert = connection.Command("""
            INSERT INTO delegations (id, app_id, agent_id, user_key, grant_id, operations, created_at, expires_at)
            SELECT @id, @app, @agent, @user, @grant, @ops, @at, @end
            WHERE EXISTS (SELECT 1 FROM agents WHERE id = @agent AND app_id = @app)
              AND EXISTS (SELECT 1 FROM grants WHERE id = @grant AND app_id = @app AND owner = @user)
            """, ("@id", delegation.Id), ("@app", appId), ("@agent", agentId), ("@user", user.Key), ("@grant", grantId),
            ("@ops", operations is null ? null : JsonSerializer.Serialize(operations.ToArray(), VaultJsonContext.Default.StringArray)),
            ("@at", now.ToUnixMs()), ("@end", expiresAt.ToUnixMs()));
        return insert.ExecuteNonQuery() == 1 ? delegation : null;
    }

    /// <summary>A delegation of this app by id; null when there is none. Read from the store every time (never cached).</summary>
    public Delegation? Find(string id)
    {
        Interlocked.Increment(ref _reads);
        using var connection = db.Open();
        using var query = connection.Command($"SELECT {Columns} FROM delegations WHERE id = @id AND app_id = @app", ("@id", id), ("@app", appId));
        using var reader = query.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>This app's delegations, oldest first: all, those to one agent, or those one user made.</summary>
    public IReadOnlyList<Delegation> List(Principal? principal)
    {
        var (agent, user) = principal switch
        {
            null => ((string?)null, (string?)null),
            { Kind: PrincipalKind.Agent } => (principal.Subject, null),
            _ => (null, principal.Key),
        };
        using var connection = db.Open();
        using var query = connection.Command($"""
            SELECT {Columns} FROM delegations WHERE app_id = @app AND (@agent IS NULL OR agent_id = @agent) AND (@user IS NULL OR user_key = @user)
            ORDER BY created_at, rowid
            """, ("@app", appId), ("@agent", agent), ("@user", user));
        using var reader = query.ExecuteReader();
        var list = new List<Delegation>();
        while (reader.Read())
            if (Read(reader) is { } delegation) list.Add(delegation);
        return list;
    }

    /// <summary>Revokes a delegation (only <paramref name="user"/>'s when given). False when no such unrevoked delegation.</summary>
    public bool Revoke(string id, Principal? user)
    {
        using var connection = db.Open();
        using var update = connection.Command("""
            UPDATE delegations SET revoked_at = @now WHERE id = @id AND app_id = @app AND revoked_at IS NULL AND (@user IS NULL OR user_key = @user)
            """, ("@id", id), ("@app", appId), ("@user", user?.Key), ("@now", time.GetUtcNow().ToUnixMs()));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes every delegation <paramref name="principal"/> made (a user) or holds (an agent). Returns how many.</summary>
    public int DeleteFor(Principal principal)
    {
        using var connection = db.Open();
        using var delete = principal.Kind == PrincipalKind.Agent
            ? connection.Command("DELETE FROM delegations WHERE app_id = @app AND agent_id = @agent", ("@app", appId), ("@agent", principal.Subject))
            : connection.Command("DELETE FROM delegations WHERE app_id = @app AND user_key = @user", ("@app", appId), ("@user", principal.Key));
        return delete.ExecuteNonQuery();
    }

    private static Delegation? Read(DbDataReader reader)
    {
        // A row whose user key does not read back is nobody's: skipped, never used.
        if (Principal.FromKey(reader.GetString(2)) is not { } user) return null;
        var operations = reader.GetStringOrNull(4) is { } json ? JsonSerializer.Deserialize(json, VaultJsonContext.Default.StringArray) : null;
        return new Delegation(reader.GetString(0), reader.GetString(1), user, reader.GetString(3), operations,
            DbExtensions.FromUnixMs(reader.GetInt64(5)), DbExtensions.FromUnixMs(reader.GetInt64(6)),
            reader.IsDBNull(7) ? null : DbExtensions.FromUnixMs(reader.GetInt64(7)));
    }
}
