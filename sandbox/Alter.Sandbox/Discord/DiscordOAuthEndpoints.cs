using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Discord;

/// <summary>
/// Discord's OAuth2: <c>oauth2/authorize</c> (auto-consent), <c>api/oauth2/token</c> (authorization code, refresh token;
/// client credentials in the form or HTTP Basic) and <c>api/oauth2/token/revoke</c> (RFC 7009), with Discord's answers.
/// </summary>
internal sealed class DiscordOAuthEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "identify,email";

    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => TokenGenerator.Alphanumeric(30),
        NewRefreshToken: () => TokenGenerator.Alphanumeric(30),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    private SandboxProvider Provider => field ??= SandboxProviders.CreateDiscord(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("discord/oauth2/authorize", Authorize);
        app.MapPost("discord/api/oauth2/token", TokenAsync);
        // RFC 7009 revocation: the token (access or refresh) in the form; {} back whether or not it was known.
        app.MapPost("discord/api/oauth2/token/revoke", (HttpRequest request) => RevokeEndpoint.HandleAsync(
            request, Provider, sandbox.Tokens,
            badClient: SandboxJson.Result(new JsonObject { ["error"] = "invalid_client" }, StatusCodes.Status401Unauthorized),
            revoked: SandboxJson.Result(new JsonObject())));
    }

    private IResult Authorize(HttpRequest request) =>
        AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => TokenGenerator.Alphanumeric(30), DefaultScopes);

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret =>
                    SandboxJson.Result(new JsonObject { ["error"] = "invalid_client" }, StatusCodes.Status401Unauthorized),
                TokenFailure.RedirectUriMismatch => InvalidGrant("Invalid \"redirect_uri\" in request."),
                TokenFailure.InvalidRefreshToken => InvalidGrant("Invalid \"refresh_token\" in request."),
                TokenFailure.InvalidCodeVerifier => InvalidGrant("Invalid \"code_verifier\" in request."),
                TokenFailure.UnsupportedGrantType => SandboxJson.Result(new JsonObject { ["error"] = "unsupported_grant_type" }, StatusCodes.Status400BadRequest),
                _ => InvalidGrant("Invalid \"code\" in request."),
            };
        }

        // Discord's answer: token_type "Bearer", expires_in in seconds, scope space-separated.
        var body = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["access_token"] = tokens.AccessToken,
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromDays(7)).TotalSeconds,
        };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["scope"] = string.Join(' ', Scopes.Split(tokens.Scope));
        return SandboxJson.Result(body);
    }

    private static IResult InvalidGrant(string description) =>
        OAuthError.Result("invalid_grant", description, StatusCodes.Status400BadRequest);
}
