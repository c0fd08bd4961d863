using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Google;

/// <summary>
/// Google's OAuth 2.0 for one Google provider id (each id is its own provider in the catalog, so each gets its own
/// endpoints and token namespace): <c>o/oauth2/v2/auth</c> (auto-consent, PKCE), <c>token</c> (authorization code,
/// refresh token; client id and secret in the form or HTTP Basic) and <c>revoke</c>, with Google's answers:
/// <c>access_token</c> (<c>ya29.</c>...), <c>expires_in</c>, <c>scope</c> space-separated, <c>token_type: "Bearer"</c>,
/// and <c>refresh_token</c> only on the code exchange (a refresh answers without one: Google does not rotate them).
/// </summary>
internal sealed class GoogleOAuthEndpoints(SandboxContext sandbox, Func<SandboxProvider> provider, string defaultScopes)
{
    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => "ya29.a0" + TokenGenerator.Alphanumeric(160),
        NewRefreshToken: () => "1//0" + TokenGenerator.Alphanumeric(99),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: false,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    /// <summary>The provider's authorize, token and revoke URLs on the sandbox: <c>{prefix}o/oauth2/v2/auth</c>, <c>{prefix}token</c>, <c>{prefix}revoke</c>.</summary>
    public static (string Authorize, string Token, string Revoke) Urls(string baseUrl, string id)
        => ($"{baseUrl}{id}/accounts/o/oauth2/v2/auth", $"{baseUrl}{id}/oauth2/token", $"{baseUrl}{id}/oauth2/revoke");

    public void Map(IEndpointRouteBuilder app, string id)
    {
        app.MapGet($"{id}/accounts/o/oauth2/v2/auth", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, provider(), sandbox.Tokens, () => "4/0A" + TokenGenerator.Alphanumeric(70), defaultScopes));
        app.MapPost($"{id}/oauth2/token", TokenAsync);
        app.MapPost($"{id}/oauth2/revoke", RevokeAsync);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await OAuthForm.ReadAsync(request);
        string grantType = form["grant_type"].ToString();
        bool isRefresh = grantType == "refresh_token";
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, provider(), sandbox.State, _policy);
        if (tokens is null)
        {
            var (error, description, status) = failure switch
            {
                TokenFailure.UnknownClient => ("invalid_client", "The OAuth client was not found.", StatusCodes.Status401Unauthorized),
                TokenFailure.BadClientSecret => ("invalid_client", "Unauthorized", StatusCodes.Status401Unauthorized),
                TokenFailure.RedirectUriMismatch => ("redirect_uri_mismatch", "Bad Request", StatusCodes.Status400BadRequest),
                TokenFailure.InvalidRefreshToken => ("invalid_grant", "Token has been expired or revoked.", StatusCodes.Status400BadRequest),
                TokenFailure.InvalidCodeVerifier => ("invalid_grant", "Invalid code verifier.", StatusCodes.Status400BadRequest),
                TokenFailure.UnsupportedGrantType => ("unsupported_grant_type", "Invalid grant_type: " + grantType, StatusCodes.Status400BadRequest),
                _ => ("invalid_grant", "Bad Request", StatusCodes.Status400BadRequest),
            };
            return OAuthError.Result(error, description, status);
        }

        // Google's answer, in its order; refresh_token only when the code is exchanged.
        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(1)).TotalSeconds,
        };
        if (!isRefresh && tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["scope"] = string.Join(' ', Scopes.Split(tokens.Scope));
        body["token_type"] = "Bearer";
        return SandboxJson.Result(body);
    }

    /// <summary>POST revoke with <c>token</c> in the form (or the query): 200 <c>{}</c>; an unknown or dead token: 400 <c>invalid_token</c>.</summary>
    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var form = await OAuthForm.ReadAsync(request);
        string token = form["token"].Count > 0 ? form["token"].ToString() : request.Query["token"].ToString();
        var status = token.Length == 0 ? AccessTokenStatus.Unknown : sandbox.Tokens.Revoke(provider().Id, token);
        return status is AccessTokenStatus.Valid or AccessTokenStatus.Expired
            ? SandboxJson.Result(new JsonObject())
            : OAuthError.Result("invalid_token", "Token expired or revoked", StatusCodes.Status400BadRequest);
    }
}
