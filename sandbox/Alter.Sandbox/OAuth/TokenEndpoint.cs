using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.OAuth;

/// <summary>Why a token request failed; each provider words it its own way.</summary>
internal enum TokenFailure
{
    None,
    UnknownClient,
    BadClientSecret,
    InvalidCode,
    RedirectUriMismatch,
    InvalidCodeVerifier,
    InvalidRefreshToken,
    UnsupportedGrantType,
}

/// <summary>The grant logic of the token endpoint both providers share; the response shape is the provider's.</summary>
internal static class TokenEndpoint
{
    public static async Task<(IssuedTokens? Tokens, TokenFailure Failure, AuthorizationCode? Code)> HandleAsync(
        HttpRequest request, SandboxProvider provider, SandboxState state, TokenPolicy policy)
    {
        var form = await OAuthForm.ReadAsync(request);
        string? Param(string name) => form[name].Count == 1 && form[name][0] is { Length: > 0 } value ? value : null;

        var grantType = Param("grant_type");
        var isRefresh = grantType == "refresh_token";
        state.RecordTokenRequest(provider.Id, isRefresh);

        var (clientId, clientSecret) = ClientCredentials.Read(request, form);
        if (clientId != provider.ClientId) return (null, TokenFailure.UnknownClient, null);
        if (clientSecret != provider.ClientSecret) return (null, TokenFailure.BadClientSecret, null);

        if (isRefresh)
        {
            var refreshToken = Param("refresh_token");
            var refreshed = refreshToken is null ? null : state.Tokens.Refresh(provider.Id, refreshToken, policy);
            return refreshed is null ? (null, TokenFailure.InvalidRefreshToken, null) : (refreshed, TokenFailure.None, null);
        }

        if (grantType is not (null or "authorization_code")) return (null, TokenFailure.UnsupportedGrantType, null);

        var codeValue = Param("code");
        var code = codeValue is null ? null : state.Tokens.TakeCode(provider.Id, codeValue);
        if (code is null || code.ClientId != clientId) return (null, TokenFailure.InvalidCode, null);
        // The code comes back with this failure so a provider can name the redirect URI the code was issued for.
        if (Param("redirect_uri") != code.RedirectUri) return (null, TokenFailure.RedirectUriMismatch, code);
        if (code.CodeChallenge is not null && !Pkce.Verify(code.CodeChallenge, Param("code_verifier")))
        {
            return (null, TokenFailure.InvalidCodeVerifier, null);
        }

        return (state.Tokens.IssueGrant(provider.Id, code.Scope, policy), TokenFailure.None, code);
    }
}
