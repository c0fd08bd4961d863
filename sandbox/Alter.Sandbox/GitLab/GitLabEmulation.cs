using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.GitLab;

/// <summary>The GitLab emulation (gitlab.com): its OAuth endpoints (Doorkeeper) and a slice of the REST API v4.</summary>
internal sealed class GitLabEmulation : SandboxEmulation
{
    public const string ProviderId = "gitlab";
    public const string ClientId = "sandbox-gitlab-client";
    public const string ClientSecret = "sandbox-gitlab-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/gitlab/api/v4/";
    public override string RateLimitBody => """{"message":"This endpoint has been requested too many times. Try again later."}""";
    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new GitLabOAuthEndpoints(context).Map(app);
        new GitLabApiEndpoints(context).Map(app);
    }

    /// <summary>GitLab's endpoints on a sandbox listening on <paramref name="baseUri"/> (gitlab.com/oauth/... and gitlab.com/api/v4/).</summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}gitlab/oauth/authorize",
            TokenUrl: $"{b}gitlab/oauth/token",
            RevocationUrl: $"{b}gitlab/oauth/revoke",
            ApiBaseUrl: $"{b}gitlab/api/v4/",
            Authority: baseUri.Authority);
    }
}
