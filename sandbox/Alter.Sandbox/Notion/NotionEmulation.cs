using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Notion;

/// <summary>The Notion emulation: its OAuth endpoints and Web API slice.</summary>
internal sealed class NotionEmulation : SandboxEmulation
{
    public override string Id => SandboxProviders.Notion;
    public override string ApiPathPrefix => "/notion/v1/";
    public override string RateLimitBody
        => """{"object":"error","status":429,"code":"rate_limited","message":"You have been rate limited. Please try again in a few minutes."}""";
    public override SandboxProvider Create(Uri baseUri) => SandboxProviders.CreateNotion(baseUri);
    public override bool IsOAuthPath(string path) => path.StartsWith("/notion/v1/oauth/", StringComparison.OrdinalIgnoreCase);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new NotionOAuthEndpoints(context).Map(app);
        new NotionApiEndpoints(context).Map(app);
    }
}
