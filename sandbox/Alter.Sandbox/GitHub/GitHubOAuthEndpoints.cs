using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.GitHub;

/// <summary>
/// GitHub's OAuth web flow: <c>login/oauth/authorize</c>, <c>login/oauth/access_token</c>, and
/// <c>DELETE applications/{client_id}/token</c> (served both at the root and under the API base, where api.github.com has it).
/// </summary>
internal sealed class GitHubOAuthEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "repo,read:user";
    private const string TroubleshootingDocs =
        "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/";

    private readonly TokenPolicy _policy = new(
        NewAccessToken: () => "gho_" + TokenGenerator.Alphanumeric(36),
        NewRefreshToken: () => "ghr_" + TokenGenerator.Alphanumeric(76),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: TimeSpan.FromSeconds(15897600));

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("github/login/oauth/authorize", Authorize);
        app.MapPost("github/login/oauth/access_token", TokenAsync);
        app.MapDelete("github/applications/{client_id}/token", RevokeAsync);
        app.MapDelete("github/api/applications/{client_id}/token", RevokeAsync);
    }

    private IResult Authorize(HttpRequest request) =>
        AuthorizeEndpoint.Handle(request, sandbox.GitHub, sandbox.Tokens, () => TokenGenerator.Hex(20), DefaultScopes);

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, sandbox.GitHub, sandbox.State, _policy);
        var fields = new List<KeyValuePair<string, object>>();
        if (tokens is null)
        {
            var (error, description, anchor) = failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret =>
                    ("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.", "incorrect-client-credentials"),
                TokenFailure.RedirectUriMismatch =>
                    ("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.", "redirect-uri-mismatch2"),
                TokenFailure.InvalidRefreshToken =>
                    ("bad_refresh_token", "The refresh token passed is incorrect or expired.", "bad-refresh-token"),
                TokenFailure.UnsupportedGrantType =>
                    ("unsupported_grant_type", "The grant type is not supported.", "unsupported-grant-type"),
                _ => ("bad_verification_code", "The code passed is incorrect or expired.", "bad-verification-code"),
            };
            fields.Add(new("error", error));
            fields.Add(new("error_description", description));
            fields.Add(new("error_uri", TroubleshootingDocs + "#" + anchor));
        }
        else
        {
            fields.Add(new("access_token", tokens.AccessToken));
            fields.Add(new("token_type", "bearer"));
            fields.Add(new("scope", tokens.Scope));
            if (tokens.ExpiresIn is { } expiresIn) fields.Add(new("expires_in", (long)expiresIn.TotalSeconds));
            if (tokens.RefreshToken is { } refreshToken) fields.Add(new("refresh_token", refreshToken));
            if (tokens.RefreshTokenExpiresIn is { } refreshExpiresIn) fields.Add(new("refresh_token_expires_in", (long)refreshExpiresIn.TotalSeconds));
        }

        // Like GitHub: errors are HTTP 200 too; JSON only when asked for, form-encoded otherwise.
        if (request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var json = new JsonObject();
            foreach (var (name, value) in fields) json[name] = value is long number ? number : (string)value;
            return SandboxJson.Result(json);
        }

        var form = string.Join('&', fields.Select(f => $"{f.Key}={Uri.EscapeDataString(Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")}"));
        return Results.Text(form, "application/x-www-form-urlencoded; charset=utf-8");
    }

    private async Task<IResult> RevokeAsync(HttpRequest request, [FromRoute(Name = "client_id")] string clientId)
    {
        var provider = sandbox.GitHub;
        if (!ClientCredentials.TryReadBasic(request, out var id, out var secret) || id != provider.ClientId || secret != provider.ClientSecret)
        {
            return GitHubJson.BadCredentials();
        }

        if (clientId != provider.ClientId) return GitHubJson.NotFound(GitHubJson.DeleteTokenDocs);

        string? accessToken;
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            accessToken = body is JsonObject obj && obj["access_token"] is JsonValue value && value.TryGetValue(out string? token) ? token : null;
        }
        catch (JsonException)
        {
            return GitHubJson.ProblemsParsingJson(GitHubJson.DeleteTokenDocs);
        }

        if (string.IsNullOrEmpty(accessToken))
        {
            return GitHubJson.InvalidRequest("\"access_token\" wasn't supplied.", GitHubJson.DeleteTokenDocs);
        }

        return sandbox.Tokens.Revoke(SandboxProviders.GitHub, accessToken) is AccessTokenStatus.Valid or AccessTokenStatus.Expired
            ? Results.NoContent()
            : GitHubJson.NotFound(GitHubJson.DeleteTokenDocs);
    }
}
