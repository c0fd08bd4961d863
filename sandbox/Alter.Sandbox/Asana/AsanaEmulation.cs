using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Asana;

/// <summary>The Asana emulation: its OAuth endpoints (<c>app.asana.com/-/oauth_*</c>) and a slice of the REST API 1.0.</summary>
internal sealed class AsanaEmulation : SandboxEmulation
{
    public const string ProviderId = "asana";
    public const string ClientId = "sandbox-asana-client";
    public const string ClientSecret = "sandbox-asana-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/asana/api/1.0/";
    public override string RateLimitBody => """{"errors":[{"message":"You have made too many requests recently. Please, be chill."}]}""";
    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new AsanaOAuthEndpoints(context).Map(app);
        new AsanaApiEndpoints(context).Map(app);
    }

    /// <summary>Asana's endpoints on a sandbox listening on <paramref name="baseUri"/> (app.asana.com/-/oauth_* and app.asana.com/api/1.0/).</summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}asana/-/oauth_authorize",
            TokenUrl: $"{b}asana/-/oauth_token",
            RevocationUrl: $"{b}asana/-/oauth_revoke",
            ApiBaseUrl: $"{b}asana/api/1.0/",
            Authority: baseUri.Authority);
    }
}
