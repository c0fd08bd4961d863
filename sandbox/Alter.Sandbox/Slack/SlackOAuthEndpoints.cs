using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Slack;

/// <summary>Slack's OAuth v2: <c>oauth/v2/authorize</c>, <c>api/oauth.v2.access</c> and <c>api/auth.revoke</c>.</summary>
internal sealed class SlackOAuthEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "chat:write,channels:read";

    // With token rotation (refresh tokens on), Slack issues xoxe.xoxb-1-... access tokens and xoxe-1-... refresh tokens.
    private readonly TokenPolicy _policy = new(
        NewAccessToken: sandbox.UseRefreshTokens
            ? () => "xoxe.xoxb-1-" + TokenGenerator.Alphanumeric(64)
            : () => $"xoxb-{TokenGenerator.Digits(13)}-{TokenGenerator.Digits(13)}-{TokenGenerator.Alphanumeric(24)}",
        NewRefreshToken: () => "xoxe-1-" + TokenGenerator.Alphanumeric(64),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    private readonly TokenPolicy _userPolicy = new(
        NewAccessToken: sandbox.UseRefreshTokens
            ? () => "xoxe.xoxp-1-" + TokenGenerator.Alphanumeric(64)
            : () => $"xoxp-{TokenGenerator.Digits(13)}-{TokenGenerator.Digits(13)}-{TokenGenerator.Alphanumeric(24)}",
        NewRefreshToken: () => "xoxe-1-" + TokenGenerator.Alphanumeric(64),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("slack/oauth/v2/authorize", Authorize);
        app.MapPost("slack/api/oauth.v2.access", TokenAsync);
        app.MapMethods("slack/api/auth.revoke", [HttpMethods.Get, HttpMethods.Post], RevokeAsync);
    }

    private IResult Authorize(HttpRequest request) =>
        AuthorizeEndpoint.Handle(request, sandbox.Slack, sandbox.Tokens, NewCode, DefaultScopes);

    private static string NewCode() => $"{TokenGenerator.Digits(10)}.{TokenGenerator.Digits(13)}.{TokenGenerator.Hex(64)}";

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, code) = await TokenEndpoint.HandleAsync(request, sandbox.Slack, sandbox.State, _policy);
        if (tokens is null)
        {
            return SlackJson.Error(failure switch
            {
                TokenFailure.UnknownClient => "invalid_client_id",
                TokenFailure.BadClientSecret => "bad_client_secret",
                TokenFailure.RedirectUriMismatch => "bad_redirect_uri",
                TokenFailure.InvalidRefreshToken => "invalid_refresh_token",
                TokenFailure.UnsupportedGrantType => "invalid_grant_type",
                _ => "invalid_code", // also a wrong PKCE code_verifier: the code cannot be redeemed
            });
        }

        var authedUser = new JsonObject { ["id"] = SlackWorkspace.UserId };
        if (code?.UserScope is { } userScope)
        {
            // A user token, as Slack hands it out: inside authed_user, with its own scope, expiry and refresh token.
            var user = sandbox.Tokens.IssueGrant(SandboxProviders.Slack, userScope, _userPolicy);
            authedUser["scope"] = user.Scope;
            authedUser["access_token"] = user.AccessToken;
            authedUser["token_type"] = "user";
            if (user.ExpiresIn is { } userExpiresIn) authedUser["expires_in"] = (long)userExpiresIn.TotalSeconds;
            if (user.RefreshToken is { } userRefresh) authedUser["refresh_token"] = userRefresh;
        }
        var body = new JsonObject { ["ok"] = true, ["app_id"] = SlackWorkspace.AppId, ["authed_user"] = authedUser };
        if (code?.UserScope is null || tokens.Scope.Length > 0)
        {
            // A refresh answers with the rotated token at the top level, whichever kind it is; a user-only install has no bot token.
            body["scope"] = tokens.Scope;
            body["token_type"] = tokens.AccessToken.Contains("xoxp", StringComparison.Ordinal) ? "user" : "bot";
            body["access_token"] = tokens.AccessToken;
            if (tokens.ExpiresIn is { } expiresIn) body["expires_in"] = (long)expiresIn.TotalSeconds;
            if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        }
        body["bot_user_id"] = SlackWorkspace.BotId;
        body["team"] = new JsonObject { ["id"] = SlackWorkspace.TeamId, ["name"] = SlackWorkspace.TeamName };
        body["enterprise"] = null;
        body["is_enterprise_install"] = false;
        return SlackJson.Ok(body);
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var args = await SlackArguments.ReadAsync(request);
        var token = BearerToken.Read(request, allowTokenScheme: false) ?? args.Get("token");
        if (token is null) return SlackJson.Error("not_authed");

        var status = args.IsTrue("test")
            ? sandbox.Tokens.Check(SandboxProviders.Slack, token)
            : sandbox.Tokens.Revoke(SandboxProviders.Slack, token);
        return status is AccessTokenStatus.Valid or AccessTokenStatus.Expired
            ? SlackJson.Ok(new JsonObject { ["ok"] = true, ["revoked"] = !args.IsTrue("test") })
            : SlackJson.Error("invalid_auth");
    }
}
