using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.OAuth;

/// <summary>
/// An RFC 6749 authorize + token endpoint pair with the common JSON answer (<c>access_token</c>, <c>token_type</c>,
/// <c>expires_in</c>, <c>refresh_token</c>, <c>scope</c>) and RFC 6749 §5.2 errors, for providers whose OAuth is plain
/// (GitLab, HubSpot, Zoom, ...). Providers with their own shapes (Slack, GitHub, Notion) keep their own endpoints.
/// </summary>
/// <param name="sandbox">The running sandbox.</param>
/// <param name="provider">The provider's URLs on the sandbox (its <c>AuthorizationUrl</c> and <c>TokenUrl</c> paths are mapped).</param>
/// <param name="defaultScopes">Scopes granted when the request names none, separated by spaces or commas.</param>
/// <param name="newAccessToken">Mints an access token in the provider's own format.</param>
/// <param name="newRefreshToken">Mints a refresh token in the provider's own format.</param>
/// <param name="scopeSeparator">How the answer's <c>scope</c> joins scopes.</param>
internal sealed class StandardOAuthEndpoints(
    SandboxContext sandbox,
    Func<SandboxProvider> provider,
    string defaultScopes,
    Func<string> newAccessToken,
    Func<string> newRefreshToken,
    string scopeSeparator = " ")
{
    private readonly TokenPolicy _policy = new(
        NewAccessToken: newAccessToken,
        NewRefreshToken: newRefreshToken,
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    /// <summary>Maps the authorize endpoint (GET) at <paramref name="authorizePath"/> and the token endpoint (POST) at <paramref name="tokenPath"/>.</summary>
    public void Map(IEndpointRouteBuilder app, string authorizePath, string tokenPath)
    {
        app.MapGet(authorizePath, (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, provider(), sandbox.Tokens, () => TokenGenerator.Alphanumeric(40), defaultScopes));
        app.MapPost(tokenPath, TokenAsync);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, provider(), sandbox.State, _policy);
        if (tokens is null)
        {
            var (error, description, status) = failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret => ("invalid_client", "Client authentication failed.", StatusCodes.Status401Unauthorized),
                TokenFailure.UnsupportedGrantType => ("unsupported_grant_type", "The authorization grant type is not supported.", StatusCodes.Status400BadRequest),
                TokenFailure.InvalidRefreshToken => ("invalid_grant", "The refresh token is invalid, expired or revoked.", StatusCodes.Status400BadRequest),
                TokenFailure.RedirectUriMismatch => ("invalid_grant", "The redirect URI does not match the one used in the authorization request.", StatusCodes.Status400BadRequest),
                TokenFailure.InvalidCodeVerifier => ("invalid_grant", "The code verifier does not match the code challenge.", StatusCodes.Status400BadRequest),
                _ => ("invalid_grant", "The authorization code is invalid, expired or already used.", StatusCodes.Status400BadRequest),
            };
            return SandboxJson.Result(new JsonObject { ["error"] = error, ["error_description"] = description }, status);
        }

        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(1)).TotalSeconds,
        };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["scope"] = string.Join(scopeSeparator, Scopes.Split(tokens.Scope));
        return SandboxJson.Result(body);
    }
}
