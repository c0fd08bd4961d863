using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Box;

/// <summary>
/// Box's OAuth 2.0: <c>api/oauth2/authorize</c> (auto-consent), <c>oauth2/token</c> (authorization code and refresh
/// token; refresh tokens are single use, every refresh answers a new one) and <c>oauth2/revoke</c>, with Box's answers.
/// </summary>
internal sealed class BoxOAuthEndpoints(SandboxContext sandbox)
{
    // Box access tokens are 32 characters, refresh tokens 64; a refresh token works once.
    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => TokenGenerator.Alphanumeric(32),
        NewRefreshToken: () => TokenGenerator.Alphanumeric(64),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: true,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: TimeSpan.FromDays(60));

    private SandboxProvider Provider => field ??= BoxEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        // No scope asked for: the scopes configured for the app in the developer console.
        app.MapGet("box/account/api/oauth2/authorize", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => TokenGenerator.Alphanumeric(32), "root_readwrite"));
        app.MapPost("box/oauth2/token", TokenAsync);
        // Box's revoke: client credentials and the token in the form; 200 with an empty body.
        app.MapPost("box/oauth2/revoke", (HttpRequest request) => RevokeEndpoint.HandleAsync(
            request, Provider, sandbox.Tokens, badClient: Error("invalid_client", "The client credentials are invalid"), revoked: Results.Ok()));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret => Error("invalid_client", "The client credentials are invalid"),
                TokenFailure.UnsupportedGrantType => Error("invalid_request", "Invalid grant_type parameter or parameter missing"),
                TokenFailure.InvalidRefreshToken => Error("invalid_grant", "Invalid refresh token"),
                _ => Error("invalid_grant", "Auth code doesn't exist or is invalid for the client"),
            };
        }

        // Box's answer: expires_in (about an hour on Box), restricted_to, the new refresh token, token_type "bearer"; no scope.
        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(1)).TotalSeconds,
            ["restricted_to"] = new JsonArray(),
        };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["token_type"] = "bearer";
        return SandboxJson.Result(body);
    }

    /// <summary>Box answers token errors with HTTP 400 and an RFC 6749 body.</summary>
    private static IResult Error(string error, string description) =>
        OAuthError.Result(error, description, StatusCodes.Status400BadRequest);
}
