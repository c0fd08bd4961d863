using System.Security.Cryptography;
using System.Data.Common;

namespace Alter.Typed.Vault;

/// <summary>
/// Grants and their encrypted tokens, for one app. Several apps share one database, so every statement that takes a
/// grant id also names this app: a grant id from another app reads, changes and deletes nothing. Every grant has an
/// owner (<see cref="Principal.Key"/>); the lookups calls use (<see cref="Find(string, Principal)"/>,
/// <see cref="List(Principal, string?, string?)"/>) filter by it in SQL, so a grant of someone else is never read.
/// </summary>
internal sealed class GrantStore(AlterDatabase db, TokenCipher cipher, string appId, TimeProvider time)
{
    /// <summary>The token row's grant belongs to this app (the tokens table has no app column of its own).</summary>
    private const string OwnGrant = "grant_id IN (SELECT id FROM grants WHERE id = @id AND app_id = @app)";

    private const string GrantColumns = "id, provider, owner, account, scopes, status, created_at, updated_at, connection";

    /// <summary>Raised after this process changed a grant's row (so caches drop it).</summary>
    public event Action? Changed;

    /// <summary>How many times a grant row was read (<see cref="Find(string, Principal)"/>, <see cref="List(Principal, string?, string?)"/>): tests prove a call reads it at most once.</summary>
    internal int GrantReads => Volatile.Read(ref _grantReads);

    /// <summary>How many times a grant's tokens were read and decrypted: tests prove a foreign grant's never are.</summary>
    internal int TokenReads => Volatile.Read(ref _tokenReads);

    private int _grantReads;
    private int _tokenReads;

    /// <summary>The grant <paramref name="grantId"/> if <paramref name="owner"/> owns it; null when it does not exist or is someone else's (the caller cannot tell which).</summary>
    public GrantInfo? Find(string grantId, Principal owner)
    {
        Interlocked.Increment(ref _grantReads);
        using var connection = db.Open();
        using var query = connection.Command($"SELECT {GrantColumns} FROM grants WHERE id = @id AND app_id = @app AND owner = @owner",
            ("@id", grantId), ("@app", appId), ("@owner", owner.Key));
        using var reader = query.ExecuteReader();
        return reader.Read() ? ReadGrant(reader) : null;
    }

    /// <summary>Any grant of this app by id, whoever owns it: for the app's administration (listing, revoking), never for a call.</summary>
    public GrantInfo? FindAnyOwner(string grantId)
    {
        Interlocked.Increment(ref _grantReads);
        using var connection = db.Open();
        using var query = connection.Command($"SELECT {GrantColumns} FROM grants WHERE id = @id AND app_id = @app", ("@id", grantId), ("@app", appId));
        using var reader = query.ExecuteReader();
        return reader.Read() ? ReadGrant(reader) : null;
    }

    /// <summary>The grants <paramref name="owner"/> owns, optionally for one provider and one provider-side account.</summary>
    public IReadOnlyList<GrantInfo> List(Principal owner, string? provider = null, string? account = null)
    {
        Interlocked.Increment(ref _grantReads);
        using var connection = db.Open();
        using var query = connection.Command(
            $"""
            SELECT {GrantColumns} FROM grants WHERE app_id = @app AND owner = @owner AND (@provider IS NULL OR provider = @provider)
              AND (@account IS NULL OR account = @account) ORDER BY created_at, rowid
            """,
            ("@app", appId), ("@owner", owner.Key), ("@provider", provider), ("@account", account));
        return ReadAll(query);
    }

    /// <summary>Every grant of this app, whoever owns it, optionally for one provider: for the app's administration, never for a call.</summary>
    public IReadOnlyList<GrantInfo> ListAllOwners(string? provider = null)
    {
        Interlocked.Increment(ref _grantReads);
        using var connection = db.Open();
        using var query = connection.Command(
            $"SELECT {GrantColumns} FROM grants WHERE app_id = @app AND (@provider IS NULL OR provider = @provider) ORDER BY created_at, rowid",
            ("@app", appId), ("@provider", provider));
        return ReadAll(query);
    }

    /// <summary>Each owner of at least one grant, with how many grants it owns and when it first and last connected; oldest first.</summary>
    public IReadOnlyList<OwnerInfo> Owners()
    {
        using var connection = db.Open();
        using var query = connection.Command(
            "SELECT owner, count(*), min(created_at), max(updated_at) FROM grants WHERE app_id = @app GROUP BY owner ORDER BY min(created_at), owner",
            ("@app", appId));
        using var reader = query.ExecuteReader();
        var owners = new List<OwnerInfo>();
        while (reader.Read())
            owners.Add(new OwnerInfo(OwnerOf(reader.GetString(0)), reader.GetInt(1), DbExtensions.FromUnixMs(reader.GetInt64(2)), DbExtensions.FromUnixMs(reader.GetInt64(3))));
        return owners;
    }

    /// <summary>
    /// Stores a connection owned by <paramref name="owner"/>. Re-connecting the same account (or, when the provider names
    /// none, the same provider) by the same owner keeps the grant id; the same provider account connected by two owners
    /// is two grants (two users of one Slack workspace each have their own).
    /// </summary>
    public GrantInfo Save(string provider, Principal owner, string? account, IReadOnlyList<string> scopes, TokenSet tokens, IReadOnlyDictionary<string, string>? connectionValues = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var connectionJson = connectionValues is { Count: > 0 } ? System.Text.Json.JsonSerializer.Serialize(connectionValues.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(), VaultJsonContext.Default.DictionaryStringString) : null;
        var now = time.GetUtcNow().ToUnixMs();
        var ownerKey = owner.Key;
        using var connection = db.Open();
        // Two Connects of the same owner and provider at once (two tabs, two instances) must find one grant, not make two.
        using var tx = db.BeginWrite(connection, "grant:" + appId + ":" + ownerKey + ":" + provider);
        string? existing;
        using (var find = connection.Command(
            """
            SELECT id FROM grants WHERE app_id = @app AND owner = @owner AND provider = @provider AND connection IS NOT DISTINCT FROM @connection AND account IS NOT DISTINCT FROM @account LIMIT 1
            """,
            ("@app", appId), ("@owner", ownerKey), ("@provider", provider), ("@account", account), ("@connection", connectionJson)))
        {
            find.Transaction = tx;
            existing = find.ExecuteScalar() as string;
        }
        var id = existing ?? "grant_" + RandomNumberGenerator.GetHexString(20, lowercase: true);
        // principal: the pre-owner label column (schema 1, NOT NULL); new rows carry the owner key there as well.
        using (var upsert = connection.Command("""
            INSERT INTO grants (id, app_id, provider, principal, owner, account, scopes, status, created_at, updated_at, connection)
            VALUES (@id, @app, @provider, @owner, @owner, @account, @scopes, 'active', @now, @now, @connection)
            ON CONFLICT(id) DO UPDATE SET scopes = @scopes, status = 'active', updated_at = @now, connection = @connection
            """, ("@id", id), ("@app", appId), ("@provider", provider), ("@owner", ownerKey), ("@account", account), ("@scopes", string.Join(' ', scopes)), ("@now", now), ("@connection", connectionJson)))
        {
            upsert.Transaction = tx;
            upsert.ExecuteNonQuery();
        }
        WriteTokens(connection, tx, id, tokens, expectedVersion: null);
        tx.Commit();
        Changed?.Invoke();
        return Find(id, owner)!;
    }

    /// <summary>Reads and decrypts a grant's tokens with their version (bumped on every write).</summary>
    public (TokenSet Tokens, long Version)? ReadTokens(string grantId)
    {
        Interlocked.Increment(ref _tokenReads);
        using var connection = db.Open();
        using var query = connection.Command($"SELECT envelope, version FROM tokens WHERE {OwnGrant}", ("@id", grantId), ("@app", appId));
        using var reader = query.ExecuteReader();
        if (!reader.Read()) return null;
        var plaintext = cipher.Open((byte[])reader[0], Aad(grantId));
        try { return (TokenSet.FromJsonBytes(plaintext), reader.GetInt64(1)); }
        finally { CryptographicOperations.ZeroMemory(plaintext); }
    }

    /// <summary>
    /// Replaces a grant's tokens if they are still at <paramref name="expectedVersion"/>.
    /// Returns the new version, or null when another writer got there first.
    /// </summary>
    public long? ReplaceTokens(string grantId, TokenSet tokens, long expectedVersion)
    {
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var version = WriteTokens(connection, tx, grantId, tokens, expectedVersion);
        if (version is not null)
        {
            using var touch = connection.Command("UPDATE grants SET updated_at = @now, status = 'active' WHERE id = @id AND app_id = @app", ("@id", grantId), ("@app", appId), ("@now", time.GetUtcNow().ToUnixMs()));
            touch.Transaction = tx;
            touch.ExecuteNonQuery();
        }
        tx.Commit();
        return version;
    }

    /// <summary>
    /// Takes the grant's refresh lease (across processes sharing the store) if the tokens are still at
    /// <paramref name="version"/> and no one else holds an unexpired lease. Only the holder calls the token endpoint,
    /// so a rotated refresh token is never sent twice.
    /// </summary>
    public bool TryLeaseRefresh(string grantId, long version, DateTimeOffset until, DateTimeOffset now)
    {
        using var connection = db.Open();
        using var update = connection.Command($"""
            UPDATE tokens SET refresh_lease_until = @until
            WHERE {OwnGrant} AND version = @version AND (refresh_lease_until IS NULL OR refresh_lease_until <= @now)
            """, ("@id", grantId), ("@app", appId), ("@version", version), ("@until", until.ToUnixMs()), ("@now", now.ToUnixMs()));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Gives the refresh lease back without new tokens (the refresh failed).</summary>
    public void ReleaseRefreshLease(string grantId, long version)
    {
        using var connection = db.Open();
        using var update = connection.Command($"UPDATE tokens SET refresh_lease_until = NULL WHERE {OwnGrant} AND version = @version",
            ("@id", grantId), ("@app", appId), ("@version", version));
        update.ExecuteNonQuery();
    }

    public void SetStatus(string grantId, GrantStatus status)
    {
        using var connection = db.Open();
        using var update = connection.Command("UPDATE grants SET status = @status, updated_at = @now WHERE id = @id AND app_id = @app",
            ("@status", status == GrantStatus.Active ? "active" : "reauth_required"), ("@now", time.GetUtcNow().ToUnixMs()), ("@id", grantId), ("@app", appId));
        update.ExecuteNonQuery();
        Changed?.Invoke();
    }

    public bool Delete(string grantId)
    {
        using var connection = db.Open();
        using var delete = connection.Command("DELETE FROM grants WHERE id = @id AND app_id = @app", ("@id", grantId), ("@app", appId));
        var deleted = delete.ExecuteNonQuery() == 1;
        Changed?.Invoke();
        return deleted;
    }

    /// <summary>
    /// Deletes every grant <paramref name="owner"/> owns, with their tokens, so that no byte of their sealed tokens is left
    /// in the database file or its write-ahead log: the connection overwrites freed content with zeros
    /// (<c>secure_delete</c>), then the log is copied into the file and truncated to nothing
    /// (<c>wal_checkpoint(TRUNCATE)</c>), since the log still holds the pages as they were before the delete.
    /// Returns how many grants were deleted.
    /// </summary>
    public int DeleteOwner(Principal owner)
    {
        int deleted;
        using (var connection = db.Open())
        {
            using var tx = connection.BeginTransaction();
            // The tokens first (the foreign key would cascade, but only with foreign_keys on: say it).
            using (var tokens = connection.Command("DELETE FROM tokens WHERE grant_id IN (SELECT id FROM grants WHERE app_id = @app AND owner = @owner)",
                ("@app", appId), ("@owner", owner.Key)))
            {
                tokens.Transaction = tx;
                tokens.ExecuteNonQuery();
            }
            using (var grants = connection.Command("DELETE FROM grants WHERE app_id = @app AND owner = @owner", ("@app", appId), ("@owner", owner.Key)))
            {
                grants.Transaction = tx;
                deleted = grants.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Changed?.Invoke();
        db.WipeFreedContent();
        return deleted;
    }

    private long? WriteTokens(DbConnection connection, DbTransaction tx, string grantId, TokenSet tokens, long? expectedVersion)
    {
        var plaintext = tokens.ToJsonBytes();
        byte[] envelope;
        try { envelope = cipher.Seal(plaintext, Aad(grantId)); }
        finally { CryptographicOperations.ZeroMemory(plaintext); }
        var now = time.GetUtcNow().ToUnixMs();
        var expires = tokens.ExpiresAt?.ToUnixMs();
        using var command = expectedVersion is null
            ? connection.Command("""
                INSERT INTO tokens (grant_id, envelope, expires_at, version, updated_at)
                SELECT @id, @envelope, @expires, 1, @now WHERE EXISTS (SELECT 1 FROM grants WHERE id = @id AND app_id = @app)
                ON CONFLICT(grant_id) DO UPDATE SET envelope = @envelope, expires_at = @expires, version = tokens.version + 1, updated_at = @now, refresh_lease_until = NULL
                RETURNING version
                """, ("@id", grantId), ("@app", appId), ("@envelope", envelope), ("@expires", DbExtensions.Int64OrNull(expires)), ("@now", now))
            : connection.Command($"""
                UPDATE tokens SET envelope = @envelope, expires_at = @expires, version = version + 1, updated_at = @now, refresh_lease_until = NULL
                WHERE {OwnGrant} AND version = @expected RETURNING version
                """, ("@id", grantId), ("@app", appId), ("@envelope", envelope), ("@expires", DbExtensions.Int64OrNull(expires)), ("@now", now), ("@expected", expectedVersion.Value));
        command.Transaction = tx;
        return command.ExecuteScalar() is long version ? version : null;
    }

    private static string Aad(string grantId) => "alter-token:" + grantId;

    private static List<GrantInfo> ReadAll(DbCommand query)
    {
        using var reader = query.ExecuteReader();
        var grants = new List<GrantInfo>();
        while (reader.Read()) grants.Add(ReadGrant(reader));
        return grants;
    }

    private static GrantInfo ReadGrant(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), OwnerOf(reader.GetString(2)), reader.GetStringOrNull(3),
        reader.GetString(4).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        reader.GetString(5) == "active" ? GrantStatus.Active : GrantStatus.ReauthRequired,
        DbExtensions.FromUnixMs(reader.GetInt64(6)), DbExtensions.FromUnixMs(reader.GetInt64(7)),
        reader.IsDBNull(8) ? NoConnection : System.Text.Json.JsonSerializer.Deserialize(reader.GetString(8), VaultJsonContext.Default.DictionaryStringString)!);

    /// <summary>The owner of a row: a key this store wrote; anything else is a damaged row, refused rather than guessed.</summary>
    private static Principal OwnerOf(string key)
        => Principal.FromKey(key) ?? throw new AlterException("A grant in the store has no valid owner (the file was edited by hand, or damaged); it cannot be used.");

    private static readonly IReadOnlyDictionary<string, string> NoConnection = new Dictionary<string, string>();
}
