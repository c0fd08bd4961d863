using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Zoom;

/// <summary>The Zoom emulation: its OAuth endpoints (zoom.us) and a slice of API v2 (api.zoom.us): the user and their meetings.</summary>
internal sealed class ZoomEmulation : SandboxEmulation
{
    public const string ProviderId = "zoom";
    public const string ClientId = "sandbox-zoom-client";
    public const string ClientSecret = "sandbox-zoom-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/zoom/api/v2/";

    /// <summary>Zoom's 429: its usual <c>code</c>/<c>message</c> pair.</summary>
    public override string RateLimitBody => """{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}""";

    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new ZoomOAuthEndpoints(context).Map(app);
        new ZoomApiEndpoints(context).Map(app);
    }

    /// <summary>Zoom's endpoints on the sandbox: <c>zoom.us</c> under <c>zoom/</c>, <c>api.zoom.us/v2</c> under <c>zoom/api/v2/</c>.</summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}zoom/oauth/authorize",
            TokenUrl: $"{b}zoom/oauth/token",
            // Zoom's is POST https://zoom.us/oauth/revoke (the description names none); nothing answers here.
            RevocationUrl: $"{b}zoom/oauth/revoke",
            ApiBaseUrl: $"{b}zoom/api/v2/",
            Authority: baseUri.Authority);
    }

    /// <summary>Zoom's tokens are JWTs (<c>eyJ...</c>); a refresh hands out a new refresh token and the old one stops working.</summary>
    internal static TokenPolicy Policy(SandboxContext sandbox) => new(
        NewAccessToken: () => "eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCJ9." + TokenGenerator.Alphanumeric(300) + "." + TokenGenerator.Alphanumeric(86),
        NewRefreshToken: () => "eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCJ9." + TokenGenerator.Alphanumeric(280) + "." + TokenGenerator.Alphanumeric(86),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: sandbox.RotateRefreshTokens,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: TimeSpan.FromDays(90));
}
