using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.Vault;

/// <summary>A pending web Connect as stored: everything <c>CompleteAsync</c> needs, and nothing that would let a reader of the file complete it.</summary>
internal sealed record PendingConnect(
    string Provider, Principal Owner, string RedirectUri, string? ReturnUrl, IReadOnlyList<string> Scopes, IReadOnlyList<string>? UserScopes,
    IReadOnlyDictionary<string, string>? Connection, bool Pkce, string? Verifier, string? BindingHash, DateTimeOffset ExpiresAt, bool WasConsumed);

/// <summary>A connect session as stored.</summary>
internal sealed record StoredConnectSession(Principal Owner, IReadOnlyList<string> Providers, string? ReturnOrigin, DateTimeOffset ExpiresAt);

/// <summary>
/// Pending web Connect states and connect sessions, for one app. The state and the session token are stored only as
/// SHA-256 hashes (a copy of the database cannot be used to complete a flow or open a session); the PKCE verifier is
/// sealed with the vault's cipher, bound to its row. A state is single use: <see cref="Consume"/> marks it in the same
/// statement that reads it, so two callbacks racing on one state cannot both get it unconsumed.
/// </summary>
internal sealed class ConnectStateStore(AlterDatabase db, TokenCipher cipher, string appId, TimeProvider time)
{
    /// <summary>How long a consumed or expired row is kept (to tell "replayed" and "expired" from "forged") before it is purged.</summary>
    private static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromHours(1);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Add(string state, PendingConnect pending)
    {
        var hash = Hash(state);
        var now = time.GetUtcNow();
        byte[]? envelope = null;
        if (pending.Verifier is not null)
        {
            var plaintext = Encoding.ASCII.GetBytes(pending.Verifier);
            try { envelope = cipher.Seal(plaintext, Aad(hash)); }
            finally { CryptographicOperations.ZeroMemory(plaintext); }
        }
        using var connection = db.Open();
        using (var purge = connection.Command("DELETE FROM connect_states WHERE expires_at < @old", ("@old", (now - KeepAfterExpiry).ToUnixMs())))
            purge.ExecuteNonQuery();
        using var insert = connection.Command("""
            INSERT INTO connect_states (state_hash, app_id, provider, owner, redirect_uri, return_url, scopes, user_scopes, connection,
                pkce, verifier_envelope, binding_hash, created_at, expires_at, consumed_at)
            VALUES (@hash, @app, @provider, @owner, @redirect, @return, @scopes, @userScopes, @connection, @pkce, @verifier, @binding, @now, @expires, NULL)
            """,
            ("@hash", hash), ("@app", appId), ("@provider", pending.Provider), ("@owner", pending.Owner.Key), ("@redirect", pending.RedirectUri),
            ("@return", pending.ReturnUrl), ("@scopes", string.Join(' ', pending.Scopes)),
            ("@userScopes", pending.UserScopes is null ? null : string.Join(' ', pending.UserScopes)),
            ("@connection", pending.Connection is { Count: > 0 } c ? System.Text.Json.JsonSerializer.Serialize(c.ToDictionary(), VaultJsonContext.Default.DictionaryStringString) : null),
            ("@pkce", pending.Pkce ? 1 : 0), ("@verifier", DbExtensions.BytesOrNull(envelope)), ("@binding", pending.BindingHash), ("@now", now.ToUnixMs()), ("@expires", pending.ExpiresAt.ToUnixMs()));
        insert.ExecuteNonQuery();
    }

    /// <summary>
    /// Reads the state's row and marks it consumed, in one statement. Null: no such state in this app (forged, or purged).
    /// <see cref="PendingConnect.WasConsumed"/> tells a replay. A verifier that cannot be opened reads as missing.
    /// </summary>
    public PendingConnect? Consume(string state)
    {
        var hash = Hash(state);
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection, "connect-state:" + hash);
        using var read = connection.Command("""
            SELECT provider, owner, redirect_uri, return_url, scopes, user_scopes, connection, pkce, verifier_envelope, binding_hash, expires_at, consumed_at
            FROM connect_states WHERE state_hash = @hash AND app_id = @app
            """, ("@hash", hash), ("@app", appId));
        read.Transaction = tx;
        PendingConnect? pending;
        using (var reader = read.ExecuteReader())
        {
            if (!reader.Read()) return null;
            var owner = Principal.FromKey(reader.GetString(1)) ?? throw new AlterException("A pending Connect has an unreadable owner; it was refused.");
            string? verifier = null;
            if (!reader.IsDBNull(8))
            {
                try
                {
                    var plaintext = cipher.Open((byte[])reader[8], Aad(hash));
                    verifier = Encoding.ASCII.GetString(plaintext);
                    CryptographicOperations.ZeroMemory(plaintext);
                }
                catch (AlterException) { verifier = null; }   // altered or moved from another row: treated as missing
            }
            pending = new PendingConnect(reader.GetString(0), owner, reader.GetString(2), reader.GetStringOrNull(3),
                Split(reader.GetStringOrNull(4)) ?? [], Split(reader.GetStringOrNull(5)),
                reader.IsDBNull(6) ? null : System.Text.Json.JsonSerializer.Deserialize(reader.GetString(6), VaultJsonContext.Default.DictionaryStringString),
                reader.GetInt64(7) == 1, verifier, reader.GetStringOrNull(9), DbExtensions.FromUnixMs(reader.GetInt64(10)), !reader.IsDBNull(11));
        }
        if (!pending.WasConsumed)
        {
            using var mark = connection.Command("UPDATE connect_states SET consumed_at = @now WHERE state_hash = @hash AND app_id = @app",
                ("@now", time.GetUtcNow().ToUnixMs()), ("@hash", hash), ("@app", appId));
            mark.Transaction = tx;
            mark.ExecuteNonQuery();
        }
        tx.Commit();
        return pending;
    }

    public void AddSession(string token, StoredConnectSession session)
    {
        var now = time.GetUtcNow();
        using var connection = db.Open();
        using (var purge = connection.Command("DELETE FROM connect_sessions WHERE expires_at < @now", ("@now", now.ToUnixMs())))
            purge.ExecuteNonQuery();
        using var insert = connection.Command("""
            INSERT INTO connect_sessions (token_hash, app_id, owner, providers, return_origin, created_at, expires_at)
            VALUES (@hash, @app, @owner, @providers, @origin, @now, @expires)
            """, ("@hash", Hash(token)), ("@app", appId), ("@owner", session.Owner.Key), ("@providers", string.Join(' ', session.Providers)),
            ("@origin", session.ReturnOrigin), ("@now", now.ToUnixMs()), ("@expires", session.ExpiresAt.ToUnixMs()));
        insert.ExecuteNonQuery();
    }

    /// <summary>The session a token opens, or null when there is none in this app.</summary>
    public StoredConnectSession? FindSession(string token)
    {
        using var connection = db.Open();
        using var read = connection.Command("SELECT owner, providers, return_origin, expires_at FROM connect_sessions WHERE token_hash = @hash AND app_id = @app",
            ("@hash", Hash(token)), ("@app", appId));
        using var reader = read.ExecuteReader();
        if (!reader.Read() || Principal.FromKey(reader.GetString(0)) is not { } owner) return null;
        return new StoredConnectSession(owner, Split(reader.GetString(1)) ?? [], reader.GetStringOrNull(2), DbExtensions.FromUnixMs(reader.GetInt64(3)));
    }

    private static string[]? Split(string? value) => value?.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Aad(string stateHash) => "alter-connect-verifier:" + stateHash;
}
