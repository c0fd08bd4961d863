using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.HubSpot;

/// <summary>
/// HubSpot's OAuth: <c>app.hubspot.com/oauth/authorize</c> (auto-consent) and <c>api.hubapi.com/oauth/v3/token</c>
/// (authorization code, refresh token; client id and secret in the form body), with HubSpot's answers: a lower-case
/// <c>bearer</c> token type, no scope, and errors in HubSpot's own error object.
/// </summary>
internal sealed class HubSpotOAuthEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "oauth,crm.objects.contacts.read";

    private readonly TokenPolicy _policy = HubSpotEmulation.Policy(sandbox);

    private SandboxProvider Provider => field ??= HubSpotEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("hubspot/app/oauth/authorize", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => Guid.NewGuid().ToString("D"), DefaultScopes));
        app.MapPost("hubspot/api/oauth/v3/token", TokenAsync);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, _) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            var message = failure switch
            {
                TokenFailure.UnknownClient or TokenFailure.BadClientSecret => "missing or invalid client credentials",
                TokenFailure.InvalidRefreshToken => "missing or invalid refresh token",
                TokenFailure.RedirectUriMismatch => "redirect_uri does not match the one used for authorization",
                TokenFailure.InvalidCodeVerifier => "code_verifier does not match the code_challenge",
                TokenFailure.UnsupportedGrantType => "grant_type must be authorization_code or refresh_token",
                _ => "missing or invalid authorization code",
            };
            return HubSpotApiEndpoints.Error(StatusCodes.Status400BadRequest, "VALIDATION_ERROR", message);
        }

        // HubSpot's answer: token_type "bearer" (lower case), expires_in 1800 in production; no scope.
        var body = new JsonObject { ["token_type"] = "bearer" };
        if (tokens.RefreshToken is { } refreshToken) body["refresh_token"] = refreshToken;
        body["access_token"] = tokens.AccessToken;
        body["expires_in"] = (long)(tokens.ExpiresIn ?? TimeSpan.FromMinutes(30)).TotalSeconds;
        return SandboxJson.Result(body);
    }
}
