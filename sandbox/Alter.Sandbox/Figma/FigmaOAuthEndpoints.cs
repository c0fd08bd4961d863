using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Figma;

/// <summary>
/// Figma's OAuth 2: <c>www.figma.com/oauth</c> (auto-consent), <c>v1/oauth/token</c> (the authorization code grant
/// only; client credentials as HTTP Basic; the answer carries <c>user_id_string</c>) and <c>v1/oauth/refresh</c>
/// (a refresh token for a new access token; no new refresh token: Figma's do not rotate), with Figma's error body
/// <c>{"error":true,"status":400,"message":...}</c>.
/// </summary>
internal sealed class FigmaOAuthEndpoints(SandboxContext sandbox)
{
    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => TokenGenerator.Alphanumeric(40),
        NewRefreshToken: () => TokenGenerator.Alphanumeric(40),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: false,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    private SandboxProvider Provider => field ??= FigmaEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("figma/oauth", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => TokenGenerator.Alphanumeric(32), "current_user:read,file_content:read"));
        app.MapPost("figma/v1/oauth/token", TokenAsync);
        app.MapPost("figma/v1/oauth/refresh", RefreshAsync);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!BasicClientOk(request)) return Error(StatusCodes.Status401Unauthorized, "Invalid client credentials");

        // The token endpoint exchanges codes only: refreshes go to v1/oauth/refresh.
        var form = await OAuthForm.ReadAsync(request);
        if (form["grant_type"].ToString() is { Length: > 0 } grantType && grantType != "authorization_code")
        {
            sandbox.State.RecordTokenRequest(FigmaEmulation.ProviderId, refresh: grantType == "refresh_token");
            return Error(StatusCodes.Status400BadRequest, "Invalid grant_type");
        }

        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret => Error(StatusCodes.Status401Unauthorized, "Invalid client credentials"),
                TokenFailure.RedirectUriMismatch => Error(StatusCodes.Status400BadRequest, "Invalid redirect_uri"),
                _ => Error(StatusCodes.Status400BadRequest, "Invalid code"),
            };
        }

        // Figma's answer: user_id_string (user_id, a number, is deprecated), the tokens, token_type "bearer", expires_in (90 days on Figma).
        var body = new JsonObject
        {
            ["user_id_string"] = FigmaFiles.UserId,
            ["user_id"] = long.Parse(FigmaFiles.UserId, System.Globalization.CultureInfo.InvariantCulture),
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromDays(90)).TotalSeconds,
        };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        return SandboxJson.Result(body);
    }

    /// <summary>Figma's <c>POST /v1/oauth/refresh</c>: HTTP Basic client credentials, <c>refresh_token</c> in the form; a new access token back.</summary>
    private async Task<IResult> RefreshAsync(HttpRequest request)
    {
        sandbox.State.RecordTokenRequest(FigmaEmulation.ProviderId, refresh: true);
        if (!BasicClientOk(request)) return Error(StatusCodes.Status401Unauthorized, "Invalid client credentials");

        var form = await OAuthForm.ReadAsync(request);
        var refreshed = form["refresh_token"].ToString() is { Length: > 0 } refreshToken
            ? sandbox.Tokens.Refresh(FigmaEmulation.ProviderId, refreshToken, _policy)
            : null;
        if (refreshed is null) return Error(StatusCodes.Status400BadRequest, "Invalid refresh token");

        return SandboxJson.Result(new JsonObject
        {
            ["access_token"] = refreshed.AccessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = (long)(refreshed.ExpiresIn ?? TimeSpan.FromDays(90)).TotalSeconds,
        });
    }

    private bool BasicClientOk(HttpRequest request) =>
        ClientCredentials.TryReadBasic(request, out var id, out var secret) && id == Provider.ClientId && secret == Provider.ClientSecret;

    private static IResult Error(int status, string message) =>
        SandboxJson.Result(new JsonObject { ["error"] = true, ["status"] = status, ["message"] = message, ["i18n"] = null }, status);
}
