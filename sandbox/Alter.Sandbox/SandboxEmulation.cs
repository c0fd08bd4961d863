using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox;

/// <summary>
/// One emulated provider: its id, where its endpoints live on the sandbox, and what its Web API answers when it is
/// rate limited. Adding a provider to the sandbox is one subclass in its own folder plus one line in
/// <see cref="SandboxEmulations.All"/>.
/// </summary>
internal abstract class SandboxEmulation
{
    /// <summary>The provider id, as in <c>providers/&lt;id&gt;</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The path prefix of the emulated Web API, e.g. <c>/gitlab/api/v4/</c>: calls under it are recorded and can be rate limited.</summary>
    public abstract string ApiPathPrefix { get; }

    /// <summary>The body of the provider's HTTP 429 answer (JSON).</summary>
    public abstract string RateLimitBody { get; }

    /// <summary>The endpoint URLs and client credentials for a sandbox listening on <paramref name="baseUri"/>.</summary>
    public abstract SandboxProvider Create(Uri baseUri);

    /// <summary>Maps the provider's OAuth and Web API endpoints.</summary>
    public abstract void Map(IEndpointRouteBuilder app, SandboxContext context);

    /// <summary>Whether a path under <see cref="ApiPathPrefix"/> is an OAuth endpoint rather than a Web API call (not recorded).</summary>
    public virtual bool IsOAuthPath(string path) => false;
}
