using System.Text;
using System.Text.Json;

namespace Alter.Typed.Vault;

/// <summary>
/// Provider settings an app keeps in the store (what <c>alter providers configure</c> writes): the OAuth client id,
/// the client secret sealed like tokens (write-only: it is never read back out through the API), and endpoint overrides.
/// </summary>
internal sealed class ProviderSettingsStore(AlterDatabase db, Func<TokenCipher> cipher, TimeProvider time)
{
    internal sealed record Overrides(string? AuthorizationUrl, string? TokenUrl, string? RevocationUrl, string? ApiBaseUrl, IReadOnlyList<string>? AllowedHosts, IReadOnlyList<string>? Scopes, string? RefreshUrl = null);

    public void Save(string appId, string provider, ProviderSettings settings)
    {
        var overrides = new Overrides(settings.AuthorizationUrl, settings.TokenUrl, settings.RevocationUrl, settings.ApiBaseUrl, settings.AllowedHosts, settings.Scopes, settings.RefreshUrl);
        var envelope = settings.ClientSecret is null ? null : cipher().Seal(Encoding.UTF8.GetBytes(settings.ClientSecret), Aad(appId, provider));
        using var connection = db.Open();
        using var upsert = connection.Command("""
            INSERT INTO provider_settings (app_id, provider, client_id, secret_envelope, overrides, updated_at)
            VALUES (@app, @provider, @client, @secret, @overrides, @now)
            ON CONFLICT(app_id, provider) DO UPDATE SET client_id = @client, secret_envelope = COALESCE(@secret, provider_settings.secret_envelope),
                overrides = @overrides, updated_at = @now
            """, ("@app", appId), ("@provider", provider), ("@client", settings.ClientId), ("@secret", DbExtensions.BytesOrNull(envelope)),
            ("@overrides", JsonSerializer.Serialize(overrides, VaultJsonContext.Default.Overrides)), ("@now", time.GetUtcNow().ToUnixMs()));
        upsert.ExecuteNonQuery();
    }

    public bool Remove(string appId, string provider)
    {
        using var connection = db.Open();
        using var delete = connection.Command("DELETE FROM provider_settings WHERE app_id = @app AND provider = @provider", ("@app", appId), ("@provider", provider));
        return delete.ExecuteNonQuery() == 1;
    }

    /// <summary>Everything stored for an app; secrets are decrypted only when <paramref name="withSecrets"/> (the app itself), never for listing.</summary>
    public IReadOnlyDictionary<string, (ProviderSettings Settings, bool HasSecret)> Load(string appId, bool withSecrets)
    {
        using var connection = db.Open();
        using var query = connection.Command("SELECT provider, client_id, secret_envelope, overrides FROM provider_settings WHERE app_id = @app", ("@app", appId));
        using var reader = query.ExecuteReader();
        var result = new Dictionary<string, (ProviderSettings, bool)>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            var provider = reader.GetString(0);
            var overrides = reader.IsDBNull(3) ? null : JsonSerializer.Deserialize(reader.GetString(3), VaultJsonContext.Default.Overrides);
            var hasSecret = !reader.IsDBNull(2);
            result[provider] = (new ProviderSettings
            {
                ClientId = reader.GetStringOrNull(1),
                ClientSecret = hasSecret && withSecrets ? Encoding.UTF8.GetString(cipher().Open((byte[])reader[2], Aad(appId, provider))) : null,
                AuthorizationUrl = overrides?.AuthorizationUrl,
                TokenUrl = overrides?.TokenUrl,
                RefreshUrl = overrides?.RefreshUrl,
                RevocationUrl = overrides?.RevocationUrl,
                ApiBaseUrl = overrides?.ApiBaseUrl,
                AllowedHosts = overrides?.AllowedHosts,
                Scopes = overrides?.Scopes,
            }, hasSecret);
        }
        return result;
    }

    private static string Aad(string appId, string provider) => $"alter-client-secret:{appId}:{provider}";
}
