using System.Text.Json;
using Duende.IdentityModel.Client;
using Alter.Typed.Vault;

namespace Alter.Typed.OAuth;

/// <summary>The outcome of a token request, with the token set (on success) and the provider's error code (on failure).</summary>
internal sealed record TokenResult(TokenSet? Tokens, string? Error, string? ErrorDescription, bool IsTransient, IReadOnlyList<string> Scopes, string? Account)
{
    public bool IsSuccess => Tokens is not null;
}

/// <summary>
/// Token endpoint calls, through Duende.IdentityModel (form encoding, client authentication styles and
/// token-response parsing are its job, not ours). Providers that answer errors with HTTP 200
/// (Slack's <c>ok:false</c>, GitHub's <c>error</c>) are read as errors too.
/// </summary>
internal sealed class OAuthClient(HttpClient http, TimeProvider time)
{
    public Task<TokenResult> ExchangeCodeAsync(ResolvedProvider provider, string code, string redirectUri, string? codeVerifier, bool userToken, CancellationToken cancellationToken)
        => SendAsync(provider, () => http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = RequireTokenUrl(provider),
            ClientId = provider.ClientId!,
            ClientSecret = provider.ClientSecret,
            ClientCredentialStyle = Style(provider),
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = codeVerifier,
        }, cancellationToken), previousRefreshToken: null, userToken);

    public Task<TokenResult> RefreshAsync(ResolvedProvider provider, string refreshToken, CancellationToken cancellationToken)
        => SendAsync(provider, () => http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = provider.RefreshUrl ?? RequireTokenUrl(provider),
            ClientId = provider.ClientId ?? throw new AlterException($"Refreshing a {provider.Descriptor.Name} token needs its client id: set AlterOptions.Providers[\"{provider.Id}\"].ClientId or ALTER_{provider.Id.ToUpperInvariant()}_CLIENT_ID."),
            ClientSecret = provider.ClientSecret,
            ClientCredentialStyle = Style(provider),
            RefreshToken = refreshToken,
        }, cancellationToken), previousRefreshToken: refreshToken, userToken: false);

    private async Task<TokenResult> SendAsync(ResolvedProvider provider, Func<Task<TokenResponse>> send, string? previousRefreshToken, bool userToken)
    {
        TokenResponse response;
        try { response = await send().ConfigureAwait(false); }
        catch (HttpRequestException e) { return new TokenResult(null, "network_error", e.Message, IsTransient: true, [], null); }

        var json = response.Json;
        string? okFalseError = null;
        if (json is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
            okFalseError = body.TryGetProperty("error", out var e) ? e.GetString() : "unknown_error";

        if (userToken && okFalseError is null && !response.IsError)
            return ReadUserToken(json);

        if (response.IsError || okFalseError is not null || string.IsNullOrEmpty(response.AccessToken))
        {
            var error = okFalseError ?? response.Error ?? "no_access_token";
            var transient = response.ErrorType == ResponseErrorType.Exception || (int)response.HttpStatusCode >= 500 || (int)response.HttpStatusCode == 429;
            return new TokenResult(null, error, response.ErrorDescription, transient, [], null);
        }

        DateTimeOffset? expiresAt = response.ExpiresIn > 0 ? time.GetUtcNow().AddSeconds(response.ExpiresIn) : null;
        // Providers that do not rotate refresh tokens omit them from refresh responses: keep the one we have.
        var tokens = new TokenSet(response.AccessToken, response.RefreshToken ?? previousRefreshToken, expiresAt);
        var scopes = (response.Scope ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return new TokenResult(tokens, null, null, false, scopes, ReadAccount(json));
    }

    /// <summary>Slack's user token: <c>authed_user.access_token</c> with its own scope, expiry and refresh token.</summary>
    private TokenResult ReadUserToken(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("authed_user", out var user) || user.ValueKind != JsonValueKind.Object
            || !user.TryGetProperty("access_token", out var access) || access.GetString() is not { Length: > 0 } accessToken)
            return new TokenResult(null, "no_user_token", "The answer carried no authed_user.access_token.", false, [], null);
        string? Text(string name) => user.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        DateTimeOffset? expiresAt = user.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) && seconds > 0 ? time.GetUtcNow().AddSeconds(seconds) : null;
        var account = ReadAccount(json);
        return new TokenResult(new TokenSet(accessToken, Text("refresh_token"), expiresAt), null, null, false,
            (Text("scope") ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries), account is null ? null : account + "#user");
    }

    /// <summary>The provider-side account a token belongs to, when the token response says (Slack: team and user ids).</summary>
    private static string? ReadAccount(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } body) return null;
        string? team = body.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty("id", out var tid) ? tid.GetString() : null;
        string? user = body.TryGetProperty("authed_user", out var u) && u.ValueKind == JsonValueKind.Object && u.TryGetProperty("id", out var uid) ? uid.GetString() : null;
        return team is null && user is null ? null : $"{team}/{user}";
    }

    private static string RequireTokenUrl(ResolvedProvider provider)
        => provider.TokenUrl ?? throw new AlterException($"{provider.Descriptor.Name} has no token URL in its description.");

    private static ClientCredentialStyle Style(ResolvedProvider provider)
        => provider.Descriptor.Auth.ClientAuthentication == ClientAuthentication.ClientSecretBasic ? ClientCredentialStyle.AuthorizationHeader : ClientCredentialStyle.PostBody;
}
