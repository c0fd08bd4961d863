using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Notion;

/// <summary>
/// Notion's public-integration OAuth: <c>v1/oauth/authorize</c> (auto-consent), <c>v1/oauth/token</c> (client
/// credentials in HTTP Basic, Notion's token response with bot, workspace and owner) and <c>v1/oauth/revoke</c>.
/// </summary>
internal sealed class NotionOAuthEndpoints(SandboxContext sandbox)
{
    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => "ntn_" + TokenGenerator.Alphanumeric(46),
        NewRefreshToken: () => "nrt_" + TokenGenerator.Alphanumeric(46),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    private SandboxProvider Provider => field ??= SandboxProviders.CreateNotion(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("notion/v1/oauth/authorize", Authorize);
        app.MapPost("notion/v1/oauth/token", TokenAsync);
        app.MapPost("notion/v1/oauth/revoke", RevokeAsync);
    }

    private IResult Authorize(HttpRequest request) =>
        AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => Guid.NewGuid().ToString(), "");

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        // Notion takes the client credentials only as HTTP Basic (client_secret_basic).
        if (!ClientCredentials.TryReadBasic(request, out var id, out var secret) || id != Provider.ClientId || secret != Provider.ClientSecret)
        {
            return OAuthError.Result("invalid_client", "Client authentication failed.", StatusCodes.Status401Unauthorized);
        }

        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret =>
                    OAuthError.Result("invalid_client", "Client authentication failed.", StatusCodes.Status401Unauthorized),
                TokenFailure.RedirectUriMismatch => OAuthError.Result("invalid_grant", "Invalid redirect_uri.", StatusCodes.Status400BadRequest),
                TokenFailure.InvalidRefreshToken => OAuthError.Result("invalid_grant", "Invalid refresh_token.", StatusCodes.Status400BadRequest),
                TokenFailure.UnsupportedGrantType => OAuthError.Result("unsupported_grant_type", "Unsupported grant_type.", StatusCodes.Status400BadRequest),
                TokenFailure.InvalidCodeVerifier => OAuthError.Result("invalid_grant", "Invalid code_verifier.", StatusCodes.Status400BadRequest),
                _ => OAuthError.Result("invalid_grant", "Invalid code.", StatusCodes.Status400BadRequest),
            };
        }

        // Notion's answer: no scope and no expires_in; the bot, workspace and owner of the installation instead.
        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "bearer",
        };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["bot_id"] = NotionWorkspace.BotId;
        body["workspace_icon"] = null;
        body["workspace_name"] = NotionWorkspace.WorkspaceName;
        body["workspace_id"] = NotionWorkspace.WorkspaceId;
        body["owner"] = NotionWorkspace.Owner();
        body["duplicated_template_id"] = null;
        body["request_id"] = Guid.NewGuid().ToString();
        return SandboxJson.Result(body);
    }

    /// <summary>Notion's <c>POST /v1/oauth/revoke</c>: HTTP Basic client credentials, JSON <c>{"token": ...}</c>, <c>{}</c> back.</summary>
    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        if (!ClientCredentials.TryReadBasic(request, out var id, out var secret) || id != Provider.ClientId || secret != Provider.ClientSecret)
        {
            return NotionJson.Unauthorized();
        }

        string? token = null;
        try
        {
            if (request.HasFormContentType)
            {
                token = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["token"].ToString();
            }
            else
            {
                var json = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                token = json is JsonObject obj && obj["token"] is JsonValue value && value.TryGetValue(out string? t) ? t : null;
            }
        }
        catch (JsonException)
        {
            return NotionJson.Error(StatusCodes.Status400BadRequest, "invalid_json", "Error parsing JSON body.");
        }

        if (string.IsNullOrEmpty(token))
        {
            return NotionJson.Error(StatusCodes.Status400BadRequest, "validation_error", "body failed validation: body.token should be defined, instead was `undefined`.");
        }

        sandbox.Tokens.Revoke(SandboxProviders.Notion, token);
        return SandboxJson.Result(new JsonObject { ["request_id"] = Guid.NewGuid().ToString() });
    }
}
