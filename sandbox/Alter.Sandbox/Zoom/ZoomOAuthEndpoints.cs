using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Zoom;

/// <summary>
/// Zoom's OAuth: <c>oauth/authorize</c> (auto-consent) and <c>oauth/token</c> (authorization code with or without PKCE,
/// refresh token). The client authenticates with HTTP Basic only; the answer is Zoom's (lower-case <c>bearer</c>,
/// space-separated scope, <c>api_url</c>), errors carry Zoom's <c>reason</c>.
/// </summary>
internal sealed class ZoomOAuthEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "user:read:user meeting:read:list_meetings meeting:read:meeting meeting:write:meeting meeting:update:meeting meeting:delete:meeting";

    private readonly TokenPolicy _policy = ZoomEmulation.Policy(sandbox);

    private SandboxProvider Provider => field ??= ZoomEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("zoom/oauth/authorize", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => TokenGenerator.Alphanumeric(32), DefaultScopes));
        app.MapPost("zoom/oauth/token", TokenAsync);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        // Zoom takes the client credentials in the Authorization header only.
        if (!ClientCredentials.TryReadBasic(request, out _, out _))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "Invalid client_id or client_secret");
        }

        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret => Error(StatusCodes.Status400BadRequest, "invalid_client", "Invalid client_id or client_secret"),
                TokenFailure.InvalidRefreshToken => Error(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid Token!"),
                TokenFailure.RedirectUriMismatch => Error(StatusCodes.Status400BadRequest, "invalid_request", "Redirect URI mismatch."),
                TokenFailure.InvalidCodeVerifier => Error(StatusCodes.Status400BadRequest, "invalid_request", "Invalid code_verifier."),
                TokenFailure.UnsupportedGrantType => Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Unsupported grant type"),
                _ => Error(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid authorization code"),
            };
        }

        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "bearer",
        };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(1)).TotalSeconds;
        body["scope"] = string.Join(' ', Scopes.Split(tokens.Scope));
        body["api_url"] = "https://api.zoom.us";
        return SandboxJson.Result(body);
    }

    private static IResult Error(int status, string error, string reason) =>
        SandboxJson.Result(new JsonObject { ["reason"] = reason, ["error"] = error }, status);
}
