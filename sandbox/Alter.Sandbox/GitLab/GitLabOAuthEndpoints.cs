using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.GitLab;

/// <summary>
/// GitLab's OAuth 2 provider (Doorkeeper): <c>oauth/authorize</c> (auto-consent, PKCE), <c>oauth/token</c>
/// (authorization code and refresh token; the answer carries <c>created_at</c>) and <c>oauth/revoke</c> (RFC 7009),
/// with Doorkeeper's error bodies.
/// </summary>
internal sealed class GitLabOAuthEndpoints(SandboxContext sandbox)
{
    private const string InvalidGrant =
        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";

    // Doorkeeper mints tokens as SecureRandom.hex(32).
    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => TokenGenerator.Hex(64),
        NewRefreshToken: () => TokenGenerator.Hex(64),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    private SandboxProvider Provider => field ??= GitLabEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("gitlab/oauth/authorize", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => TokenGenerator.Hex(64), "read_user"));
        app.MapPost("gitlab/oauth/token", TokenAsync);
        // RFC 7009: the token and the client credentials in the form; {} back whether or not the token was known.
        app.MapPost("gitlab/oauth/revoke", (HttpRequest request) => RevokeEndpoint.HandleAsync(
            request, Provider, sandbox.Tokens,
            badClient: OAuthError.Result("unauthorized_client", "You are not authorized to revoke this token", StatusCodes.Status403Forbidden),
            revoked: SandboxJson.Result(new JsonObject())));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret => OAuthError.Result(
                    "invalid_client",
                    "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
                    StatusCodes.Status401Unauthorized),
                TokenFailure.UnsupportedGrantType => OAuthError.Result(
                    "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.", StatusCodes.Status400BadRequest),
                _ => OAuthError.Result("invalid_grant", InvalidGrant, StatusCodes.Status400BadRequest),
            };
        }

        // Doorkeeper's answer: expires_in (7200 on gitlab.com), space-separated scope, and created_at in Unix seconds.
        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "Bearer",
        };
        if (tokens.ExpiresIn is { } expiresIn) body["expires_in"] = (long)expiresIn.TotalSeconds;
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["scope"] = string.Join(' ', Scopes.Split(tokens.Scope));
        body["created_at"] = sandbox.Time.GetUtcNow().ToUnixTimeSeconds();
        return SandboxJson.Result(body);
    }
}
