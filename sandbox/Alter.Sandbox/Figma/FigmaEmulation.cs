using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Figma;

/// <summary>The Figma emulation: its OAuth endpoints (token and a separate refresh endpoint) and a slice of the REST API v1.</summary>
internal sealed class FigmaEmulation : SandboxEmulation
{
    public const string ProviderId = "figma";
    public const string ClientId = "sandbox-figma-client";
    public const string ClientSecret = "sandbox-figma-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/figma/v1/";
    public override string RateLimitBody => """{"status":429,"err":"Rate limit exceeded"}""";
    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);
    public override bool IsOAuthPath(string path) => path.StartsWith("/figma/v1/oauth/", StringComparison.OrdinalIgnoreCase);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new FigmaOAuthEndpoints(context).Map(app);
        new FigmaApiEndpoints(context).Map(app);
    }

    /// <summary>
    /// Figma's endpoints on a sandbox listening on <paramref name="baseUri"/>: www.figma.com/oauth, api.figma.com/v1/oauth/token
    /// (and its separate /v1/oauth/refresh), api.figma.com/v1/.
    /// </summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}figma/oauth",
            TokenUrl: $"{b}figma/v1/oauth/token",
            // Figma has no revocation endpoint (users remove apps in their account settings); nothing answers here.
            RevocationUrl: $"{b}figma/v1/oauth/revoke",
            ApiBaseUrl: $"{b}figma/v1/",
            Authority: baseUri.Authority,
            RefreshUrl: RefreshUrl(baseUri));
    }

    /// <summary>Figma's refresh endpoint (<c>POST https://api.figma.com/v1/oauth/refresh</c>) on the sandbox.</summary>
    public static string RefreshUrl(Uri baseUri) => $"{baseUri.AbsoluteUri}figma/v1/oauth/refresh";
}
