using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.MicrosoftGraph;

/// <summary>The Microsoft Graph emulation: the identity platform's v2.0 endpoints (tenant <c>common</c>) and a slice of Graph v1.0.</summary>
internal sealed class MicrosoftEmulation : SandboxEmulation
{
    public const string ProviderId = "microsoft";
    public const string ClientId = "9f2c5b4e-7d1a-4c3b-8e6f-0a1b2c3d4e5f";
    public const string ClientSecret = "sandbox-microsoft-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/microsoft/graph/v1.0/";

    /// <summary>Graph's 429: <c>TooManyRequests</c> in its error object.</summary>
    public override string RateLimitBody
        => """{"error":{"code":"TooManyRequests","message":"Too many requests.","innerError":{"date":"2024-05-02T08:00:00","request-id":"5b1d3c2e-4f6a-4b8c-9d0e-1f2a3b4c5d6e","client-request-id":"5b1d3c2e-4f6a-4b8c-9d0e-1f2a3b4c5d6e"}}}""";

    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new MicrosoftIdentityEndpoints(context).Map(app);
        new MicrosoftGraphEndpoints(context).Map(app);
    }

    /// <summary>
    /// The endpoints on the sandbox: <c>login.microsoftonline.com</c> under <c>microsoft/login/</c>,
    /// <c>graph.microsoft.com</c> under <c>microsoft/graph/</c>.
    /// </summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}microsoft/login/common/oauth2/v2.0/authorize",
            TokenUrl: $"{b}microsoft/login/common/oauth2/v2.0/token",
            // The identity platform has no token revocation endpoint (Graph's revokeSignInSessions revokes all of a user's); nothing answers here.
            RevocationUrl: $"{b}microsoft/login/common/oauth2/v2.0/revoke",
            ApiBaseUrl: $"{b}microsoft/graph/v1.0/",
            Authority: baseUri.Authority);
    }

    /// <summary>Access tokens are JWTs (<c>eyJ0eXAi...</c>); refresh tokens opaque (<c>0.A...</c>); each refresh hands out a new refresh token.</summary>
    internal static TokenPolicy Policy(SandboxContext sandbox) => new(
        NewAccessToken: () => "eyJ0eXAiOiJKV1QiLCJub25jZSI6IlNhbmRib3giLCJhbGciOiJSUzI1NiIsIng1dCI6IlNhbmRib3gifQ." + TokenGenerator.Alphanumeric(600) + "." + TokenGenerator.Alphanumeric(342),
        NewRefreshToken: () => "0.A" + TokenGenerator.Alphanumeric(700),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: TimeSpan.FromDays(90));
}
