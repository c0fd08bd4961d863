namespace Alter.Typed;

/// <summary>An application registered in the local store.</summary>
/// <param name="Id">The app id (<c>app_…</c>).</param>
/// <param name="Name">Its unique name.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record AppInfo(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>An API key's public facts; the key itself is never stored.</summary>
/// <param name="Id">The key id (the part after <c>alter_key_app_</c>).</param>
/// <param name="AppId">The app it opens.</param>
/// <param name="CreatedAt">When it was minted.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiKeyInfo(string Id, string AppId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A newly minted key: <see cref="ApiKey"/> is shown this once and cannot be recovered.</summary>
/// <param name="Info">The key's stored facts.</param>
/// <param name="ApiKey">The plaintext key.</param>
public sealed record MintedApiKey(ApiKeyInfo Info, string ApiKey)
{
    /// <summary>Keeps the key out of logs and debugger displays.</summary>
    public override string ToString() => $"MintedApiKey {{ Id = {Info.Id}, AppId = {Info.AppId} }}";
}

/// <summary>What an app stores for a provider, as listed: the secret itself is never returned.</summary>
/// <param name="Provider">The provider id.</param>
/// <param name="ClientId">The OAuth client id.</param>
/// <param name="HasClientSecret">Whether a client secret is stored.</param>
/// <param name="Overrides">Endpoint overrides (its <see cref="ProviderSettings.ClientSecret"/> is always null).</param>
public sealed record StoredProviderSettings(string Provider, string? ClientId, bool HasClientSecret, ProviderSettings Overrides);
