using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.HubSpot;

/// <summary>The HubSpot emulation: its OAuth endpoints (v3) and a slice of the CRM v3 objects API.</summary>
internal sealed class HubSpotEmulation : SandboxEmulation
{
    public const string ProviderId = "hubspot";
    public const string ClientId = "sandbox-hubspot-client";
    public const string ClientSecret = "sandbox-hubspot-secret";

    public override string Id => ProviderId;

    /// <summary>Everything on <c>api.hubapi.com</c>: the CRM API and the token endpoint (see <see cref="IsOAuthPath"/>).</summary>
    public override string ApiPathPrefix => "/hubspot/api/";

    /// <summary>HubSpot's 429: <c>errorType</c> RATE_LIMIT with the policy that was hit.</summary>
    public override string RateLimitBody
        => """{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c033cdaa-2c40-4a64-ae48-b4cec88dad24","policyName":"TEN_SECONDLY_ROLLING"}""";

    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public override bool IsOAuthPath(string path) => path.StartsWith("/hubspot/api/oauth/", StringComparison.OrdinalIgnoreCase);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new HubSpotOAuthEndpoints(context).Map(app);
        new HubSpotApiEndpoints(context).Map(app);
    }

    /// <summary>HubSpot's endpoints on the sandbox: <c>app.hubspot.com</c> under <c>hubspot/app/</c>, <c>api.hubapi.com</c> under <c>hubspot/api/</c>.</summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}hubspot/app/oauth/authorize",
            TokenUrl: $"{b}hubspot/api/oauth/v3/token",
            // The description names no revocation endpoint (HubSpot's is DELETE oauth/v1/refresh_tokens/{token}); nothing answers here.
            RevocationUrl: $"{b}hubspot/api/oauth/v3/revoke",
            ApiBaseUrl: $"{b}hubspot/api/",
            Authority: baseUri.Authority);
    }

    internal static TokenPolicy Policy(SandboxContext sandbox) => new(
        // HubSpot access tokens are opaque and up to ~300 characters; refresh tokens look like UUIDs.
        NewAccessToken: () => "CN" + TokenGenerator.Alphanumeric(148),
        NewRefreshToken: () => Guid.NewGuid().ToString("D"),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: false,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);
}
