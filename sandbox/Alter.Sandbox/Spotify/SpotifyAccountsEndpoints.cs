using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Spotify;

/// <summary>
/// Spotify's accounts service: <c>authorize</c> (auto-consent) and <c>api/token</c> (authorization code with or without
/// PKCE, refresh token; client credentials in HTTP Basic or the form), with Spotify's answers and error bodies.
/// </summary>
internal sealed class SpotifyAccountsEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "user-read-email,user-read-private";

    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => "BQ" + TokenGenerator.Alphanumeric(150),
        NewRefreshToken: () => "AQ" + TokenGenerator.Alphanumeric(129),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    private SandboxProvider Provider => field ??= SandboxProviders.CreateSpotify(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("spotify/accounts/authorize", Authorize);
        app.MapPost("spotify/accounts/api/token", TokenAsync);
    }

    private IResult Authorize(HttpRequest request) =>
        AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => "AQ" + TokenGenerator.Alphanumeric(120), DefaultScopes);

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            var (error, description) = failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret => ("invalid_client", "Invalid client"),
                TokenFailure.RedirectUriMismatch => ("invalid_grant", "Invalid redirect URI"),
                TokenFailure.InvalidRefreshToken => ("invalid_grant", "Invalid refresh token"),
                TokenFailure.InvalidCodeVerifier => ("invalid_grant", "code_verifier was incorrect"),
                TokenFailure.UnsupportedGrantType => ("unsupported_grant_type", "grant_type parameter is missing"),
                _ => ("invalid_grant", "Invalid authorization code"),
            };
            return OAuthError.Result(error, description, StatusCodes.Status400BadRequest);
        }

        // Spotify's answer: scope space-separated, token_type "Bearer", expires_in in seconds.
        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(1)).TotalSeconds,
        };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["scope"] = string.Join(' ', Scopes.Split(tokens.Scope));
        return SandboxJson.Result(body);
    }
}
