using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Spotify;

/// <summary>The Spotify emulation: its OAuth endpoints and Web API slice.</summary>
internal sealed class SpotifyEmulation : SandboxEmulation
{
    public override string Id => SandboxProviders.Spotify;
    public override string ApiPathPrefix => "/spotify/v1/";
    public override string RateLimitBody => """{"error":{"status":429,"message":"API rate limit exceeded"}}""";
    public override SandboxProvider Create(Uri baseUri) => SandboxProviders.CreateSpotify(baseUri);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new SpotifyAccountsEndpoints(context).Map(app);
        new SpotifyApiEndpoints(context).Map(app);
    }
}
