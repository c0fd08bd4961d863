using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Dropbox;

/// <summary>
/// Dropbox's OAuth: <c>oauth2/authorize</c> (auto-consent), <c>oauth2/token</c> (authorization code with or without PKCE,
/// refresh token; client credentials in HTTP Basic or the form) and <c>2/auth/token/revoke</c>. As on Dropbox, a refresh
/// token is handed out only when the authorization asked for <c>token_access_type=offline</c>, and a refresh answers a new
/// access token only (the refresh token is long-lived and stays the same).
/// </summary>
internal sealed class DropboxOAuthEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "account_info.read files.metadata.read";

    private readonly TokenPolicy _policy = DropboxEmulation.Policy(sandbox);

    /// <summary>Codes whose authorization asked for offline access.</summary>
    private readonly ConcurrentDictionary<string, bool> _offlineCodes = new(StringComparer.Ordinal);

    private SandboxProvider Provider => field ??= DropboxEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("dropbox/www/oauth2/authorize", Authorize);
        app.MapPost("dropbox/api/oauth2/token", TokenAsync);
        app.MapPost("dropbox/api/2/auth/token/revoke", Revoke);
    }

    private IResult Authorize(HttpRequest request)
    {
        var offline = request.Query["token_access_type"] == "offline";
        return AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () =>
        {
            var code = TokenGenerator.Alphanumeric(43);
            if (offline) _offlineCodes[code] = true;
            return code;
        }, DefaultScopes);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await OAuthForm.ReadAsync(request);
        var isCodeGrant = form["grant_type"] == "authorization_code";
        var offline = isCodeGrant && _offlineCodes.TryRemove(form["code"].ToString(), out _);

        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            // A bad client: 400 with the description inside "error" and no error_description, as Dropbox answers it.
            if (failure is TokenFailure.UnknownClient or TokenFailure.BadClientSecret)
            {
                return SandboxJson.Result(new JsonObject { ["error"] = "invalid_client: Invalid client_id or client_secret" }, StatusCodes.Status400BadRequest);
            }

            var (error, description) = failure switch
            {
                TokenFailure.InvalidRefreshToken => ("invalid_grant", "refresh token is invalid or revoked"),
                TokenFailure.RedirectUriMismatch => ("invalid_grant", "redirect_uri mismatch"),
                TokenFailure.InvalidCodeVerifier => ("invalid_grant", "invalid code verifier"),
                TokenFailure.UnsupportedGrantType => ("unsupported_grant_type", "grant_type must be authorization_code or refresh_token"),
                _ => ("invalid_grant", "code doesn't exist or has expired"),
            };
            return SandboxJson.Result(new JsonObject { ["error"] = error, ["error_description"] = description }, StatusCodes.Status400BadRequest);
        }

        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(4)).TotalSeconds,
        };
        if (isCodeGrant)
        {
            body["scope"] = string.Join(' ', Scopes.Split(tokens.Scope));
            if (offline && tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
            body["account_id"] = DropboxApiEndpoints.AccountId;
            body["uid"] = "12345";
        }

        return SandboxJson.Result(body);
    }

    /// <summary>Revokes the bearer token's grant: <c>null</c> back, as Dropbox answers a call without a result.</summary>
    private IResult Revoke(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null || sandbox.Tokens.Revoke(DropboxEmulation.ProviderId, token) is not (AccessTokenStatus.Valid or AccessTokenStatus.Expired))
        {
            return DropboxApiEndpoints.Error(StatusCodes.Status401Unauthorized, "invalid_access_token/..", new JsonObject { [".tag"] = "invalid_access_token" });
        }

        return Results.Text("null", "application/json");
    }
}
