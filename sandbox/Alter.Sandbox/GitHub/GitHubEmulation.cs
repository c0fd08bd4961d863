using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.GitHub;

/// <summary>The GitHub emulation: its OAuth endpoints and Web API slice.</summary>
internal sealed class GitHubEmulation : SandboxEmulation
{
    public override string Id => SandboxProviders.GitHub;
    public override string ApiPathPrefix => "/github/api/";
    public override string RateLimitBody
        => """{"message":"API rate limit exceeded","documentation_url":"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"}""";
    public override SandboxProvider Create(Uri baseUri) => SandboxProviders.CreateGitHub(baseUri);
    public override bool IsOAuthPath(string path) => path.StartsWith("/github/api/applications/", StringComparison.OrdinalIgnoreCase);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new GitHubOAuthEndpoints(context).Map(app);
        new GitHubApiEndpoints(context).Map(app);
        new GitHubUserReposEndpoints(context).Map(app);
    }
}
