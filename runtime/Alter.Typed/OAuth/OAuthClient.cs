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
/// (Slack's <c>ok:false</c>, GitHub's <c>error</c>) are read as errors too. A successful answer is validated before
/// anything is stored: an <c>expires_in</c> that is not a positive whole number of seconds in range, or a
/// <c>token_type</c> other than bearer, throws <see cref="ConnectException"/> (code exchange) or
/// <see cref="TokenRefreshException"/> (refresh), so no token is ever kept as if it never expired.
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
        }, cancellationToken), previousRefreshToken: null, userToken, cancellationToken);

    public Task<TokenResult> RefreshAsync(ResolvedProvider provider, string refreshToken, CancellationToken cancellationToken)
        => SendAsync(provider, () => http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = provider.RefreshUrl ?? RequireTokenUrl(provider),
            ClientId = provider.ClientId ?? throw new AlterException($"Refreshing a {provider.Descriptor.Name} token needs its client id: set AlterOptions.Providers[\"{provider.Id}\"].ClientId or ALTER_{provider.Id.ToUpperInvariant()}_CLIENT_ID."),
            ClientSecret = provider.ClientSecret,
            ClientCredentialStyle = Style(provider),
            RefreshToken = refreshToken,
        }, cancellationToken), previousRefreshToken: refreshToken, userToken: false, cancellationToken);

    /// <summary>The longest token lifetime accepted: ten years. Anything longer would be a token that, in practice, never expires.</summary>
    internal const long MaxExpiresInSeconds = 10L * 366 * 24 * 3600;

    private async Task<TokenResult> SendAsync(ResolvedProvider provider, Func<Task<TokenResponse>> send, string? previousRefreshToken, bool userToken, CancellationToken cancellationToken)
    {
        var refresh = previousRefreshToken is not null;
        TokenResponse response;
        try { response = await send().ConfigureAwait(false); }
        catch (HttpRequestException e) { return new TokenResult(null, "network_error", e.Message, IsTransient: true, [], null); }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The token client's own timeout, not the caller: a refresh may be retried; a code was sent and may be spent.
            if (refresh) return new TokenResult(null, "timeout", "The token endpoint did not answer in time.", IsTransient: true, [], null);
            throw new ConnectException($"The {provider.Descriptor.Name} token endpoint did not answer the authorization code in time ({http.Timeout.TotalSeconds:0} s); the code may be spent and nothing was stored. Connect again.", e);
        }

        var json = response.Json;
        if (json is { } parsed && parsed.ValueKind != JsonValueKind.Object)
        {
            // Duende reads fields with TryGetProperty, which throws on an array or a scalar: stop before it does.
            if (response.HttpStatusCode is >= System.Net.HttpStatusCode.OK and < System.Net.HttpStatusCode.MultipleChoices)
                throw Unusable(provider, refresh, $"the answer is a JSON {parsed.ValueKind.ToString().ToLowerInvariant()}, not an object");
            var status = (int)response.HttpStatusCode;
            return new TokenResult(null, $"http_{status}", null, status >= 500 || status == 429, [], null);
        }
        string? okFalseError = null;
        if (json is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
            okFalseError = body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "unknown_error";

        if (userToken && okFalseError is null && !response.IsError)
            return ReadUserToken(provider, json);

        if (response.IsError || okFalseError is not null || string.IsNullOrEmpty(response.AccessToken))
        {
            var error = okFalseError ?? response.Error ?? "no_access_token";
            var transient = response.ErrorType == ResponseErrorType.Exception || (int)response.HttpStatusCode >= 500 || (int)response.HttpStatusCode == 429;
            return new TokenResult(null, error, response.ErrorDescription, transient, [], null);
        }

        // Duende parses expires_in leniently (a numeric string passes; a fraction, a negative or a huge number becomes 0 or
        // less, which would read as "never expires"): its value is used, checked against what the JSON actually held.
        if (json is not { } answer) throw Unusable(provider, refresh, "the answer is not JSON");
        if (UnusableTokenType(answer, "token_type") is { } badType) throw Unusable(provider, refresh, badType);
        var expiresAt = ExpiresAt(provider, answer, "expires_in", response.ExpiresIn, refresh);
        // Providers that do not rotate refresh tokens omit them from refresh responses: keep the one we have.
        var tokens = new TokenSet(response.AccessToken, response.RefreshToken ?? previousRefreshToken, expiresAt);
        var scopes = (response.Scope ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return new TokenResult(tokens, null, null, false, scopes, ReadAccount(json));
    }

    /// <summary>Slack's user token: <c>authed_user.access_token</c> with its own scope, expiry and refresh token.</summary>
    private TokenResult ReadUserToken(ResolvedProvider provider, JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("authed_user", out var user) || user.ValueKind != JsonValueKind.Object
            || !user.TryGetProperty("access_token", out var access) || access.ValueKind != JsonValueKind.String || access.GetString() is not { Length: > 0 } accessToken)
            return new TokenResult(null, "no_user_token", "The answer carried no authed_user.access_token.", false, [], null);
        string? Text(string name) => user.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (UnusableTokenType(user, "authed_user.token_type") is { } badType) throw Unusable(provider, refresh: false, badType);
        var seconds = user.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var whole) ? whole : 0;
        var expiresAt = ExpiresAt(provider, user, "authed_user.expires_in", seconds, refresh: false);
        var account = ReadAccount(json);
        return new TokenResult(new TokenSet(accessToken, Text("refresh_token"), expiresAt), null, null, false,
            (Text("scope") ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries), account is null ? null : account + "#user");
    }

    /// <summary>
    /// The expiry of a token whose answer said it lasts <paramref name="seconds"/> (Duende's reading, or the int read from
    /// the object for Slack's <c>authed_user</c>). Absent or null: the provider issues tokens that do not expire (GitHub
    /// OAuth apps, Notion). Present: it must be a JSON number that is a whole count of seconds from 1 to ten years.
    /// </summary>
    private DateTimeOffset? ExpiresAt(ResolvedProvider provider, JsonElement body, string field, long seconds, bool refresh)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        if (!body.TryGetProperty(name, out var raw) || raw.ValueKind == JsonValueKind.Null) return null;
        if (raw.ValueKind != JsonValueKind.Number)
            throw Unusable(provider, refresh, $"{field} is a JSON {raw.ValueKind.ToString().ToLowerInvariant()}, not a number of seconds");
        if (!raw.TryGetInt64(out var exact) || exact != seconds || seconds <= 0 || seconds > MaxExpiresInSeconds)
            throw Unusable(provider, refresh, $"{field} is {Excerpt(raw.GetRawText())}, not a whole number of seconds from 1 to {MaxExpiresInSeconds}");
        return time.GetUtcNow().AddSeconds(seconds);
    }

    /// <summary>
    /// The runtime sends every token as <c>Authorization: Bearer</c>, so a token of another type (<c>DPoP</c>, <c>mac</c>,
    /// <c>N_A</c>) would not work, or not as the provider means it. Absent is tolerated (RFC 6749 requires it, some
    /// providers omit it); Slack names its bearer tokens by whom they act for, <c>bot</c> and <c>user</c>
    /// (https://docs.slack.dev/reference/methods/oauth.v2.access).
    /// </summary>
    private static string? UnusableTokenType(JsonElement body, string field)
    {
        if (!body.TryGetProperty("token_type", out var raw) || raw.ValueKind == JsonValueKind.Null) return null;
        if (raw.ValueKind == JsonValueKind.String && raw.GetString() is { } type
            && (type.Equals("bearer", StringComparison.OrdinalIgnoreCase) || type is "bot" or "user"))
            return null;
        return $"{field} is {Excerpt(raw.GetRawText())}: the runtime only sends bearer tokens";
    }

    /// <summary>A provider's own text in a message, bounded: a hostile endpoint must not fill logs through it.</summary>
    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static AlterException Unusable(ResolvedProvider provider, bool refresh, string problem)
    {
        var name = provider.Descriptor.Name;
        return refresh
            ? new TokenRefreshException($"The {name} token endpoint answered a refresh with an unusable token response ({problem}); nothing was stored and the grant keeps its previous tokens. "
                + $"Check that AlterOptions.Providers[\"{provider.Id}\"].TokenUrl points at {name}'s token endpoint; if it does, {name} changed its answer and this is worth reporting.")
            : new ConnectException($"The {name} token endpoint answered the authorization code with an unusable token response ({problem}); the code is spent and nothing was stored. "
                + $"Check that AlterOptions.Providers[\"{provider.Id}\"].TokenUrl points at {name}'s token endpoint, then connect again.");
    }

    /// <summary>The provider-side account a token belongs to, when the token response says (Slack: team and user ids).</summary>
    private static string? ReadAccount(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } body) return null;
        string? team = body.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty("id", out var tid) && tid.ValueKind == JsonValueKind.String ? tid.GetString() : null;
        string? user = body.TryGetProperty("authed_user", out var u) && u.ValueKind == JsonValueKind.Object && u.TryGetProperty("id", out var uid) && uid.ValueKind == JsonValueKind.String ? uid.GetString() : null;
        return team is null && user is null ? null : $"{team}/{user}";
    }

    private static string RequireTokenUrl(ResolvedProvider provider)
        => provider.TokenUrl ?? throw new AlterException($"{provider.Descriptor.Name} has no token URL in its description.");

    private static ClientCredentialStyle Style(ResolvedProvider provider)
        => provider.Descriptor.Auth.ClientAuthentication == ClientAuthentication.ClientSecretBasic ? ClientCredentialStyle.AuthorizationHeader : ClientCredentialStyle.PostBody;
}
