using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Asana;

/// <summary>
/// Asana's OAuth: <c>-/oauth_authorize</c> (auto-consent, PKCE), <c>-/oauth_token</c> (authorization code and refresh
/// token; the answer carries the user as <c>data</c>, and a refresh answer has no new refresh token: Asana's refresh
/// tokens do not rotate) and <c>-/oauth_revoke</c>.
/// </summary>
internal sealed class AsanaOAuthEndpoints(SandboxContext sandbox)
{
    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => TokenGenerator.Alphanumeric(48),
        NewRefreshToken: () => TokenGenerator.Alphanumeric(48),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: false,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    private SandboxProvider Provider => field ??= AsanaEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        // No scope asked for: Asana grants the app's full permissions ("default").
        app.MapGet("asana/-/oauth_authorize", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => TokenGenerator.Alphanumeric(32), "default"));
        app.MapPost("asana/-/oauth_token", TokenAsync);
        // Revokes the grant behind a token (Asana revokes a refresh token and the access tokens it minted); 200 with an empty body.
        app.MapPost("asana/-/oauth_revoke", (HttpRequest request) => RevokeEndpoint.HandleAsync(
            request, Provider, sandbox.Tokens,
            badClient: OAuthError.Result("invalid_client", "The client_id or client_secret is invalid.", StatusCodes.Status401Unauthorized),
            revoked: Results.Ok()));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, code) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret =>
                    OAuthError.Result("invalid_client", "The client_id or client_secret is invalid.", StatusCodes.Status401Unauthorized),
                TokenFailure.UnsupportedGrantType => OAuthError.Result("unsupported_grant_type", "The grant_type is not supported.", StatusCodes.Status400BadRequest),
                TokenFailure.InvalidRefreshToken => OAuthError.Result("invalid_grant", "The refresh_token is invalid or has been revoked.", StatusCodes.Status400BadRequest),
                _ => OAuthError.Result("invalid_grant", "The code is invalid, expired or does not match the redirect_uri.", StatusCodes.Status400BadRequest),
            };
        }

        // Asana's answer: token_type "bearer", expires_in (3600 on Asana), the user as data, and the refresh token
        // only when a code was exchanged.
        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(1)).TotalSeconds,
            ["token_type"] = "bearer",
            ["data"] = new JsonObject
            {
                ["id"] = long.Parse(AsanaWorkspace.UserGid, System.Globalization.CultureInfo.InvariantCulture),
                ["gid"] = AsanaWorkspace.UserGid,
                ["name"] = AsanaWorkspace.UserName,
                ["email"] = AsanaWorkspace.UserEmail,
            },
        };
        if (code is not null && tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        return SandboxJson.Result(body);
    }
}
