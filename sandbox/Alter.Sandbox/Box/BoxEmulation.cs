using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Box;

/// <summary>The Box emulation: its OAuth 2.0 endpoints (single-use refresh tokens) and a slice of the Box Platform API 2.0.</summary>
internal sealed class BoxEmulation : SandboxEmulation
{
    public const string ProviderId = "box";
    public const string ClientId = "sandbox-box-client";
    public const string ClientSecret = "sandbox-box-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/box/2.0/";
    public override string RateLimitBody
        => """{"type":"error","status":429,"code":"rate_limit_exceeded","help_url":"http://developers.box.com/docs/#errors","message":"Request rate limit exceeded, please try again later","request_id":"sandbox0ratelimit"}""";
    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new BoxOAuthEndpoints(context).Map(app);
        new BoxApiEndpoints(context).Map(app);
    }

    /// <summary>
    /// Box's endpoints on a sandbox listening on <paramref name="baseUri"/>: account.box.com/api/oauth2/authorize,
    /// api.box.com/oauth2/token and /oauth2/revoke, api.box.com/2.0/.
    /// </summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}box/account/api/oauth2/authorize",
            TokenUrl: $"{b}box/oauth2/token",
            RevocationUrl: $"{b}box/oauth2/revoke",
            ApiBaseUrl: $"{b}box/2.0/",
            Authority: baseUri.Authority);
    }
}
