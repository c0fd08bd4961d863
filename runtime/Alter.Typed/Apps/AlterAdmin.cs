using System.Security.Cryptography;
using Alter.Typed.Apps;
using Alter.Typed.Vault;
using System.Data.Common;

namespace Alter.Typed;

/// <summary>
/// Local administration of the store: apps and their API keys. This is what the <c>alter</c> tool and the
/// quickstart use to create an app and mint its key before any <see cref="AlterApp"/> can open.
/// </summary>
public sealed partial class AlterAdmin
{
    private readonly AlterDatabase _db;
    private readonly TimeProvider _time;
    private readonly ProviderSettingsStore _settings;

    private AlterAdmin(AlterDatabase db, AlterOptions options)
    {
        (_db, _time) = (db, options.TimeProvider);
        TokenCipher? cipher = null; // the vault key is only needed (and created) when a secret is stored
        _settings = new ProviderSettingsStore(db, () => cipher ??= new TokenCipher(VaultKey.Resolve(options)), options.TimeProvider);
        _options = options;
    }

    /// <summary>Opens (creating if needed) the store that <paramref name="options"/> points to.</summary>
    public static AlterAdmin Open(AlterOptions? options = null)
    {
        options ??= new AlterOptions();
        return new AlterAdmin(options.OpenStore(), options);
    }

    /// <summary>
    /// Stores an app's settings for a provider: its OAuth client (the secret is encrypted and write-only) and endpoint
    /// overrides. Apps opened later use them wherever <see cref="AlterOptions.Providers"/> does not say otherwise.
    /// A null <see cref="ProviderSettings.ClientSecret"/> keeps the stored one.
    /// </summary>
    public void ConfigureProvider(string appIdOrName, string provider, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var app = FindApp(appIdOrName) ?? throw new AlterException($"No app '{appIdOrName}'. Create it first: `alter apps create {appIdOrName}`.");
        _settings.Save(app.Id, provider.ToLowerInvariant(), settings);
    }

    /// <summary>Deletes an app's stored settings for a provider (its client secret included). Returns false when there were none.</summary>
    public bool RemoveProviderSettings(string appIdOrName, string provider)
    {
        var app = FindApp(appIdOrName) ?? throw new AlterException($"No app '{appIdOrName}'.");
        return _settings.Remove(app.Id, provider.ToLowerInvariant());
    }

    /// <summary>An app's stored provider settings, without secrets (only whether one is stored).</summary>
    public IReadOnlyList<StoredProviderSettings> ListProviderSettings(string appIdOrName)
    {
        var app = FindApp(appIdOrName) ?? throw new AlterException($"No app '{appIdOrName}'.");
        return [.. _settings.Load(app.Id, withSecrets: false).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new StoredProviderSettings(p.Key, p.Value.Settings.ClientId, p.Value.HasSecret, p.Value.Settings))];
    }

    /// <summary>The SQLite file of the store; for a shared store (<see cref="AlterOptions.ConnectionString"/>), where it is, without its password.</summary>
    public string DatabasePath => _db is SqliteDatabase sqlite ? sqlite.Path : _db.Description;

    /// <summary>Creates an app; fails if the name is taken.</summary>
    public AppInfo CreateApp(string name)
    {
        ValidateName(name);
        using var connection = _db.Open();
        var app = new AppInfo("app_" + RandomNumberGenerator.GetHexString(16, lowercase: true), name, _time.GetUtcNow());
        try
        {
            using var insert = connection.Command("INSERT INTO apps (id, name, created_at) VALUES (@id, @name, @at)",
                ("@id", app.Id), ("@name", app.Name), ("@at", app.CreatedAt.ToUnixMs()));
            insert.ExecuteNonQuery();
        }
        catch (DbException e) when (_db.IsUniqueViolation(e))
        {
            throw new AlterException($"An app named '{name}' already exists. Pick another name, or use it: `alter apps list`.");
        }
        return app with { CreatedAt = DbExtensions.FromUnixMs(app.CreatedAt.ToUnixMs()) };
    }

    /// <summary>Returns the app with this name, creating it when there is none.</summary>
    public AppInfo GetOrCreateApp(string name)
        => FindApp(name) ?? CreateApp(name);

    /// <summary>Finds an app by id or name.</summary>
    public AppInfo? FindApp(string idOrName)
    {
        using var connection = _db.Open();
        using var query = connection.Command("SELECT id, name, created_at FROM apps WHERE id = @v OR name = @v", ("@v", idOrName));
        using var reader = query.ExecuteReader();
        return reader.Read() ? new AppInfo(reader.GetString(0), reader.GetString(1), DbExtensions.FromUnixMs(reader.GetInt64(2))) : null;
    }

    /// <summary>Lists the apps, oldest first.</summary>
    public IReadOnlyList<AppInfo> ListApps()
    {
        using var connection = _db.Open();
        using var query = connection.Command("SELECT id, name, created_at FROM apps ORDER BY created_at, rowid");
        using var reader = query.ExecuteReader();
        var apps = new List<AppInfo>();
        while (reader.Read()) apps.Add(new AppInfo(reader.GetString(0), reader.GetString(1), DbExtensions.FromUnixMs(reader.GetInt64(2))));
        return apps;
    }

    /// <summary>Mints a new API key for an app. The plaintext is in the result only; the store keeps a hash.</summary>
    public MintedApiKey MintKey(string appIdOrName)
    {
        var app = FindApp(appIdOrName) ?? throw new AlterException($"No app '{appIdOrName}'. Create it first: `alter apps create {appIdOrName}`.");
        var (keyId, plaintext) = ApiKeyFormat.Create();
        var info = new ApiKeyInfo(keyId, app.Id, DbExtensions.FromUnixMs(_time.GetUtcNow().ToUnixMs()), null);
        using var connection = _db.Open();
        using var insert = connection.Command("INSERT INTO api_keys (id, app_id, hash, created_at) VALUES (@id, @app, @hash, @at)",
            ("@id", keyId), ("@app", app.Id), ("@hash", ApiKeyFormat.Hash(plaintext)), ("@at", info.CreatedAt.ToUnixMs()));
        insert.ExecuteNonQuery();
        return new MintedApiKey(info, plaintext);
    }

    /// <summary>Lists an app's keys (never their values).</summary>
    public IReadOnlyList<ApiKeyInfo> ListKeys(string appIdOrName)
    {
        var app = FindApp(appIdOrName) ?? throw new AlterException($"No app '{appIdOrName}'.");
        using var connection = _db.Open();
        using var query = connection.Command("SELECT id, app_id, created_at, revoked_at FROM api_keys WHERE app_id = @app ORDER BY created_at, rowid", ("@app", app.Id));
        using var reader = query.ExecuteReader();
        var keys = new List<ApiKeyInfo>();
        while (reader.Read())
            keys.Add(new ApiKeyInfo(reader.GetString(0), reader.GetString(1), DbExtensions.FromUnixMs(reader.GetInt64(2)), reader.IsDBNull(3) ? null : DbExtensions.FromUnixMs(reader.GetInt64(3))));
        return keys;
    }

    /// <summary>Revokes a key: apps opened with it later are refused. Returns false when there was no such active key.</summary>
    public bool RevokeKey(string keyId)
    {
        using var connection = _db.Open();
        using var update = connection.Command("UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", ("@id", keyId), ("@at", _time.GetUtcNow().ToUnixMs()));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Checks an app API key and returns the app it opens.</summary>
    internal static AppInfo Authenticate(AlterDatabase db, string apiKey)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
            throw new ApiKeyException("No API key was given. Mint one with `alter keys mint <app>` and pass it to new App(key), for example from ALTER_API_KEY.") { Reason = ApiKeyRefusal.Missing };
        if (!ApiKeyFormat.TryParseKeyId(apiKey, out var keyId))
            throw new ApiKeyException("The API key is malformed: keys look like alter_key_app_<id>_<secret> (an agent's: alter_key_agent_<id>_<secret>). Mint one with `alter keys mint <app>`.") { Reason = ApiKeyRefusal.Malformed };
        using var connection = db.Open();
        using var query = connection.Command("""
            SELECT k.hash, k.revoked_at, a.id, a.name, a.created_at FROM api_keys k JOIN apps a ON a.id = k.app_id WHERE k.id = @id
            """, ("@id", keyId));
        using var reader = query.ExecuteReader();
        if (!reader.Read() || !CryptographicOperations.FixedTimeEquals((byte[])reader[0], ApiKeyFormat.Hash(apiKey)))
            throw new ApiKeyException($"The API key {keyId} is not known to {db.Description}. Mint one with `alter keys mint <app>`.") { Reason = ApiKeyRefusal.Unknown, KeyId = keyId };
        if (!reader.IsDBNull(1))
            throw new ApiKeyException($"The API key {keyId} was revoked. Mint a new one with `alter keys mint <app>`.") { Reason = ApiKeyRefusal.Revoked, KeyId = keyId };
        return new AppInfo(reader.GetString(2), reader.GetString(3), DbExtensions.FromUnixMs(reader.GetInt64(4)));
    }

    /// <summary>
    /// Checks an app key or an agent key (<c>alter_key_agent_…</c>): the app it opens, and the agent it opens the app as
    /// (null for an app key). <paramref name="now"/> decides whether a deprecated agent key's grace has ended.
    /// </summary>
    internal static (AppInfo App, AgentInfo? Agent) AuthenticateAny(AlterDatabase db, string apiKey, DateTimeOffset now)
    {
        if (apiKey is not null && apiKey.StartsWith(ApiKeyFormat.AgentPrefix, StringComparison.Ordinal))
        {
            var (app, agent) = Agents.AgentStore.Authenticate(db, apiKey, now);
            return (app, agent);
        }
        return (Authenticate(db, apiKey!), null);
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            throw new AlterException("An app name must be 1 to 100 characters.");
    }
}
