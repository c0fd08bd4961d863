using System.Security.Cryptography;
using Alter.Typed.Apps;
using Alter.Typed.Vault;
using System.Data.Common;

namespace Alter.Typed.Agents;

/// <summary>
/// The agents of one app and their key hashes. Every statement names the app, so an agent id or key id from another
/// app reads, changes and deletes nothing. Keys are stored as SHA-256 hashes only (<see cref="ApiKeyFormat"/>).
/// </summary>
internal sealed class AgentStore(AlterDatabase db, string appId, TimeProvider time)
{
    private const string AgentColumns = "id, app_id, name, created_at";
    private const string KeyColumns = "k.id, k.agent_id, k.created_at, k.deprecated_at, k.expires_at, k.revoked_at";

    /// <summary>Creates an agent, with its stored policy (JSON) or none; fails if the app already has one with this name.</summary>
    public AgentInfo Create(string name, string? policy = null)
    {
        ValidateName(name);
        var now = time.GetUtcNow().ToUnixMs();
        var agent = new AgentInfo("agent_" + RandomNumberGenerator.GetHexString(16, lowercase: true), appId, name, DbExtensions.FromUnixMs(now));
        using var connection = db.Open();
        try
        {
            using var insert = connection.Command("INSERT INTO agents (id, app_id, name, created_at, policy) VALUES (@id, @app, @name, @at, @policy)",
                ("@id", agent.Id), ("@app", appId), ("@name", name), ("@at", now), ("@policy", policy));
            insert.ExecuteNonQuery();
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new AlterException($"The app already has an agent named '{name}'. Pick another name, or see `alter agents list`.");
        }
        return agent;
    }

    /// <summary>An agent of this app by id or name; null when there is none.</summary>
    public AgentInfo? Find(string idOrName)
    {
        using var connection = db.Open();
        using var query = connection.Command($"SELECT {AgentColumns} FROM agents WHERE app_id = @app AND (id = @v OR name = @v)", ("@app", appId), ("@v", idOrName));
        using var reader = query.ExecuteReader();
        return reader.Read() ? ReadAgent(reader) : null;
    }

    /// <summary>
    /// An agent's stored policy (JSON) as it is now; null when it has none, or when there is no such agent of this app (it
    /// is then denied everything either way). Read on every policy refresh of an agent's running app.
    /// </summary>
    public string? ReadPolicy(string agentId)
    {
        using var connection = db.Open();
        using var query = connection.Command("SELECT policy FROM agents WHERE id = @id AND app_id = @app", ("@id", agentId), ("@app", appId));
        return query.ExecuteScalar() as string;
    }

    /// <summary>Replaces an agent's stored policy (null: none, which denies everything). False when there is no such agent of this app.</summary>
    public bool SetPolicy(string agentId, string? policy)
    {
        using var connection = db.Open();
        using var update = connection.Command("UPDATE agents SET policy = @policy WHERE id = @id AND app_id = @app", ("@policy", policy), ("@id", agentId), ("@app", appId));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>This app's agents, oldest first.</summary>
    public IReadOnlyList<AgentInfo> List()
    {
        using var connection = db.Open();
        using var query = connection.Command($"SELECT {AgentColumns} FROM agents WHERE app_id = @app ORDER BY created_at, rowid", ("@app", appId));
        using var reader = query.ExecuteReader();
        var agents = new List<AgentInfo>();
        while (reader.Read()) agents.Add(ReadAgent(reader));
        return agents;
    }

    /// <summary>Mints a key for an agent of this app; the plaintext is in the result only.</summary>
    public MintedAgentKey MintKey(AgentInfo agent)
    {
        var (keyId, plaintext) = ApiKeyFormat.Create(ApiKeyFormat.AgentPrefix);
        var now = time.GetUtcNow().ToUnixMs();
        using var connection = db.Open();
        // Inserted only while the agent is still this app's: a key never outlives (or precedes) its agent.
        using var insert = connection.Command("""
            INSERT INTO agent_keys (id, agent_id, hash, created_at)
            SELECT @id, @agent, @hash, @at WHERE EXISTS (SELECT 1 FROM agents WHERE id = @agent AND app_id = @app)
            """, ("@id", keyId), ("@agent", agent.Id), ("@hash", ApiKeyFormat.Hash(plaintext)), ("@at", now), ("@app", appId));
        if (insert.ExecuteNonQuery() != 1) throw new AlterException($"No agent '{agent.Id}' in this app (removed meanwhile?).");
        return new MintedAgentKey(new AgentKeyInfo(keyId, agent.Id, DbExtensions.FromUnixMs(now), null, null, null), plaintext);
    }

    /// <summary>An agent's keys (never their values), oldest first.</summary>
    public IReadOnlyList<AgentKeyInfo> Keys(string agentId)
    {
        using var connection = db.Open();
        using var query = connection.Command($"""
            SELECT {KeyColumns} FROM agent_keys k JOIN agents a ON a.id = k.agent_id
            WHERE a.app_id = @app AND k.agent_id = @agent ORDER BY k.created_at, k.rowid
            """, ("@app", appId), ("@agent", agentId));
        using var reader = query.ExecuteReader();
        var keys = new List<AgentKeyInfo>();
        while (reader.Read())
            keys.Add(new AgentKeyInfo(reader.GetString(0), reader.GetString(1), DbExtensions.FromUnixMs(reader.GetInt64(2)),
                Time(reader, 3), Time(reader, 4), Time(reader, 5)));
        return keys;
    }

    /// <summary>
    /// Deprecates a key: it keeps working for <paramref name="grace"/>, then is refused. A key already deprecated gets the
    /// earlier of its end and the new one (a deprecation is never extended). False when no such unrevoked key of this app.
    /// </summary>
    public bool Deprecate(string keyId, TimeSpan grace)
    {
        if (grace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(grace), "The grace period cannot be negative.");
        var now = time.GetUtcNow();
        using var connection = db.Open();
        using var update = connection.Command("""
            UPDATE agent_keys SET deprecated_at = coalesce(deprecated_at, @now), expires_at = CASE WHEN expires_at IS NOT NULL AND expires_at < @end THEN expires_at ELSE @end END
            WHERE id = @id AND revoked_at IS NULL AND agent_id IN (SELECT id FROM agents WHERE app_id = @app)
            """, ("@id", keyId), ("@app", appId), ("@now", now.ToUnixMs()), ("@end", (now + grace).ToUnixMs()));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Revokes a key at once. False when no such unrevoked key of this app.</summary>
    public bool Revoke(string keyId)
    {
        using var connection = db.Open();
        using var update = connection.Command("""
            UPDATE agent_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL AND agent_id IN (SELECT id FROM agents WHERE app_id = @app)
            """, ("@id", keyId), ("@app", appId), ("@now", time.GetUtcNow().ToUnixMs()));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes an agent and its key hashes (its keys are then unknown to the store). False when there was no such agent.</summary>
    public bool Delete(string agentId)
    {
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        using (var keys = connection.Command("DELETE FROM agent_keys WHERE agent_id IN (SELECT id FROM agents WHERE id = @agent AND app_id = @app)", ("@agent", agentId), ("@app", appId)))
        {
            keys.Transaction = tx;
            keys.ExecuteNonQuery();
        }
        int deleted;
        using (var agent = connection.Command("DELETE FROM agents WHERE id = @agent AND app_id = @app", ("@agent", agentId), ("@app", appId)))
        {
            agent.Transaction = tx;
            deleted = agent.ExecuteNonQuery();
        }
        tx.Commit();
        return deleted == 1;
    }

    /// <summary>
    /// Checks an agent key: the agent and its app, or <see cref="ApiKeyException"/> (unknown, revoked, or deprecated with
    /// its grace ended at <paramref name="now"/>). Messages name the key id, never the key.
    /// </summary>
    public static (AppInfo App, AgentInfo Agent) Authenticate(AlterDatabase db, string apiKey, DateTimeOffset now)
    {
        if (!ApiKeyFormat.TryParseKeyId(apiKey, ApiKeyFormat.AgentPrefix, out var keyId))
            throw new ApiKeyException("The agent key is malformed: agent keys look like alter_key_agent_<id>_<secret>. Mint one with `alter agents keys mint <agent>`.") { Reason = ApiKeyRefusal.Malformed };
        using var connection = db.Open();
        using var query = connection.Command("""
            SELECT k.hash, k.revoked_at, k.expires_at, g.id, g.name, g.created_at, a.id, a.name, a.created_at
            FROM agent_keys k JOIN agents g ON g.id = k.agent_id JOIN apps a ON a.id = g.app_id WHERE k.id = @id
            """, ("@id", keyId));
        using var reader = query.ExecuteReader();
        if (!reader.Read() || !CryptographicOperations.FixedTimeEquals((byte[])reader[0], ApiKeyFormat.Hash(apiKey)))
            throw new ApiKeyException($"The agent key {keyId} is not known to {db.Description} (its agent may have been removed). Mint one with `alter agents keys mint <agent>`.") { Reason = ApiKeyRefusal.Unknown, KeyId = keyId };
        var agentName = reader.GetString(4);
        if (!reader.IsDBNull(1))
            throw new ApiKeyException($"The agent key {keyId} of agent '{agentName}' was revoked. Mint a new one with `alter agents keys mint {agentName}`.") { Reason = ApiKeyRefusal.Revoked, KeyId = keyId };
        if (Time(reader, 2) is { } end && end <= now)
            throw new ApiKeyException($"The agent key {keyId} of agent '{agentName}' was deprecated and its grace period ended at {end:u}. Use its newer key, or mint one with `alter agents keys mint {agentName}`.") { Reason = ApiKeyRefusal.Expired, KeyId = keyId };
        var app = new AppInfo(reader.GetString(6), reader.GetString(7), DbExtensions.FromUnixMs(reader.GetInt64(8)));
        return (app, new AgentInfo(reader.GetString(3), app.Id, agentName, DbExtensions.FromUnixMs(reader.GetInt64(5))));
    }

    private static AgentInfo ReadAgent(DbDataReader reader)
        => new(reader.GetString(0), reader.GetString(1), reader.GetString(2), DbExtensions.FromUnixMs(reader.GetInt64(3)));

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : DbExtensions.FromUnixMs(reader.GetInt64(ordinal));

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085'))
            throw new AlterException("An agent name must be 1 to 100 characters, without control characters or line separators.");
        // Lookups take an id or a name (WHERE id = @v OR name = @v): a name shaped like an id could shadow another agent.
        if (name.StartsWith("agent_", StringComparison.OrdinalIgnoreCase))
            throw new AlterException($"An agent name cannot start with 'agent_', the prefix of agent ids: '{name}' could be taken for another agent's id. Pick another name.");
    }
}
