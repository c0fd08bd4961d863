using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Alter.Sandbox.OAuth;

/// <summary>
/// The auto-consent authorize endpoint both providers share. Problems with the client or the redirect URI get a
/// plain 400 page and no redirect; every other problem goes back to the redirect URI as <c>error=...</c>.
/// </summary>
internal static class AuthorizeEndpoint
{
    private static readonly string[] SingleValued =
        ["client_id", "redirect_uri", "state", "scope", "user_scope", "response_type", "code_challenge", "code_challenge_method"];

    public static IResult Handle(HttpRequest request, SandboxProvider provider, TokenStore tokens, Func<string> newCode, string defaultScopes)
    {
        var query = request.Query;
        foreach (var name in SingleValued)
        {
            if (query[name].Count > 1) return ErrorPage($"The parameter '{name}' must not be repeated.");
        }

        string? Param(string name) => string.IsNullOrEmpty(query[name]) ? null : query[name].ToString();

        var clientId = Param("client_id");
        if (clientId is null) return ErrorPage("Missing client_id.");
        if (clientId != provider.ClientId) return ErrorPage($"Unknown client_id '{clientId}'.");

        var redirectUri = Param("redirect_uri");
        if (!LoopbackRedirect.TryParse(redirectUri, out _) || redirectUri is null)
        {
            return ErrorPage("redirect_uri must be a loopback http URL such as http://127.0.0.1:<port>/callback or http://localhost:<port>/callback.");
        }

        var state = Param("state");
        var responseType = Param("response_type");
        if (responseType is not null && responseType != "code")
        {
            return Redirect(redirectUri, state, ("error", "unsupported_response_type"), ("error_description", "Only response_type=code is supported."));
        }

        if (state is null)
        {
            return Redirect(redirectUri, state, ("error", "invalid_request"), ("error_description", "The state parameter is required."));
        }

        var challenge = Param("code_challenge");
        if (challenge is not null && Param("code_challenge_method") != Pkce.S256)
        {
            return Redirect(redirectUri, state, ("error", "invalid_request"), ("error_description", "code_challenge_method must be S256."));
        }

        var scope = Param("scope");
        if (Scopes.Split(scope).Contains(Scopes.Deny, StringComparer.Ordinal))
        {
            return Redirect(redirectUri, state, ("error", "access_denied"), ("error_description", "The user has denied your application access."));
        }

        var code = newCode();
        // Slack's user_scope asks for a user token (authed_user.access_token) besides, or instead of, the bot token.
        var userScope = Param("user_scope");
        var botScope = scope is null && userScope is not null ? "" : Scopes.Granted(scope, defaultScopes);
        tokens.AddCode(code, new AuthorizationCode(provider.Id, clientId, redirectUri, challenge, botScope, userScope));
        return Redirect(redirectUri, state, ("code", code));
    }

    private static IResult Redirect(string redirectUri, string? state, params (string Name, string Value)[] parameters)
    {
        var query = parameters.Select(p => KeyValuePair.Create(p.Name, (string?)p.Value)).ToList();
        if (state is not null) query.Add(KeyValuePair.Create("state", (string?)state));
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    private static IResult ErrorPage(string message) =>
        Results.Text($"OAuth error: {message}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
