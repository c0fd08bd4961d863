using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Discord;

/// <summary>The Discord emulation: its OAuth endpoints and Web API slice.</summary>
internal sealed class DiscordEmulation : SandboxEmulation
{
    public override string Id => SandboxProviders.Discord;
    public override string ApiPathPrefix => "/discord/api/v10/";
    public override string RateLimitBody => """{"message":"You are being rate limited.","retry_after":1.0,"global":false}""";
    public override SandboxProvider Create(Uri baseUri) => SandboxProviders.CreateDiscord(baseUri);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new DiscordOAuthEndpoints(context).Map(app);
        new DiscordApiEndpoints(context).Map(app);
    }
}
