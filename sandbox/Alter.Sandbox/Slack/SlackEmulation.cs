using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Slack;

/// <summary>The Slack emulation: its OAuth endpoints and Web API slice.</summary>
internal sealed class SlackEmulation : SandboxEmulation
{
    public override string Id => SandboxProviders.Slack;
    public override string ApiPathPrefix => "/slack/api/";
    public override string RateLimitBody => """{"ok":false,"error":"ratelimited"}""";
    public override SandboxProvider Create(Uri baseUri) => SandboxProviders.CreateSlack(baseUri);
    public override bool IsOAuthPath(string path)
        => path.StartsWith("/slack/api/oauth.", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/slack/api/auth.revoke", StringComparison.OrdinalIgnoreCase);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new SlackOAuthEndpoints(context).Map(app);
        new SlackApiEndpoints(context).Map(app);
        new SlackUsersEndpoints(context).Map(app);
    }
}
