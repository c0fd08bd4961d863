using System.Globalization;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.MicrosoftGraph;

/// <summary>
/// The Microsoft identity platform's v2.0 endpoints of the <c>common</c> tenant: <c>authorize</c> (auto-consent) and
/// <c>token</c> (authorization code with PKCE, refresh token; client secret in the form or HTTP Basic). As there, a refresh
/// token comes only with the <c>offline_access</c> scope; the answer carries <c>ext_expires_in</c>, and errors carry
/// AADSTS codes in <c>error_description</c> and <c>error_codes</c>.
/// </summary>
internal sealed class MicrosoftIdentityEndpoints(SandboxContext sandbox)
{
    private const string DefaultScopes = "openid profile email offline_access User.Read";

    private readonly TokenPolicy _policy = MicrosoftEmulation.Policy(sandbox);

    private SandboxProvider Provider => field ??= MicrosoftEmulation.CreateProvider(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("microsoft/login/common/oauth2/v2.0/authorize", (HttpRequest request) =>
            AuthorizeEndpoint.Handle(request, Provider, sandbox.Tokens, () => "1.A" + TokenGenerator.Alphanumeric(300), DefaultScopes));
        app.MapPost("microsoft/login/common/oauth2/v2.0/token", TokenAsync);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var (tokens, failure, code) = await TokenEndpoint.HandleAsync(request, Provider, sandbox.State, _policy);
        if (tokens is null)
        {
            return failure switch
            {
                TokenFailure.UnknownClient => Error(StatusCodes.Status400BadRequest, "unauthorized_client", 700016,
                    "AADSTS700016: Application with identifier '" + ClientIdOf(request) + "' was not found in the directory 'common'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
                TokenFailure.BadClientSecret => Error(StatusCodes.Status401Unauthorized, "invalid_client", 7000215,
                    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + ClientIdOf(request) + "'."),
                TokenFailure.InvalidRefreshToken => Error(StatusCodes.Status400BadRequest, "invalid_grant", 70008,
                    "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."),
                TokenFailure.InvalidCodeVerifier => Error(StatusCodes.Status400BadRequest, "invalid_grant", 501481,
                    "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request."),
                // AADSTS50148 is the PKCE code_verifier mismatch; a redirect URI that differs from the authorize request's is AADSTS500112.
                TokenFailure.RedirectUriMismatch => Error(StatusCodes.Status400BadRequest, "invalid_grant", 500112,
                    "AADSTS500112: The reply address '" + request.Form["redirect_uri"].ToString() + "' does not match the reply address '" + code?.RedirectUri + "' provided when requesting Authorization code."),
                TokenFailure.UnsupportedGrantType => Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", 70003,
                    "AADSTS70003: The app requested an unsupported grant type."),
                _ => Error(StatusCodes.Status400BadRequest, "invalid_grant", 70000,
                    "AADSTS70000: The provided value for the 'code' parameter is not valid."),
            };
        }

        var scopes = Scopes.Split(tokens.Scope);
        var lifetime = (long)(tokens.ExpiresIn ?? TimeSpan.FromHours(1)).TotalSeconds;
        var body = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', scopes.Where(s => s != "offline_access")),
            ["expires_in"] = lifetime,
            ["ext_expires_in"] = lifetime,
            ["access_token"] = tokens.AccessToken,
        };
        if (tokens.RefreshToken is { } refreshToken && scopes.Contains("offline_access", StringComparer.Ordinal)) body["refresh_token"] = refreshToken;
        return SandboxJson.Result(body);
    }

    private static string ClientIdOf(HttpRequest request) =>
        ClientCredentials.TryReadBasic(request, out var id, out _) ? id ?? "" : request.Form["client_id"].ToString();

    /// <summary>The identity platform's error answer.</summary>
    private IResult Error(int status, string error, int code, string description)
    {
        var traceId = Guid.NewGuid().ToString("D");
        var correlationId = Guid.NewGuid().ToString("D");
        var timestamp = sandbox.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return SandboxJson.Result(new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"{description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={code}",
        }, status);
    }
}
