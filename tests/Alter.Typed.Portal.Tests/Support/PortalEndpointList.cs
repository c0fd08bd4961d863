using Alter.Typed.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alter.Typed.Portal.Tests.Support;

/// <summary>One endpoint of the portal: its method, its route pattern, and whether it lets anonymous requests in.</summary>
internal sealed record PortalEndpoint(string Method, string Pattern, bool Anonymous)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every endpoint of the portal, read from the host's <see cref="EndpointDataSource"/> (tagged
/// <see cref="AlterPortalEndpoints.Tag"/>), so a page added later is covered without touching the tests; and its URL with
/// the world's ids in the route parameters.
/// </summary>
internal static class PortalEndpointList
{
    public static IReadOnlyList<PortalEndpoint> Read(IServiceProvider services)
        => [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<ITagsMetadata>().Any(t => t.Tags.Contains(AlterPortalEndpoints.Tag)))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m =>
                new PortalEndpoint(m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];

    public static IReadOnlyList<PortalEndpoint> Read(PortalWorld world) => Read(world.Server.Services);

    /// <summary>The URL of <paramref name="pattern"/> (relative to the portal's root) with the world's ids.</summary>
    public static string Fill(string pattern, PortalWorld world, string prefix = "")
    {
        var agentKey = pattern.Contains("/agents/{agent}/keys/{key}", StringComparison.Ordinal);
        var url = pattern
            .Replace("{app}", world.AppInfo.Id, StringComparison.Ordinal)
            .Replace("{key}", agentKey ? world.AgentKeyId : world.AppKeyId, StringComparison.Ordinal)
            .Replace("{agent}", world.Agent.Id, StringComparison.Ordinal)
            .Replace("{grant}", world.Grant.Id, StringComparison.Ordinal)
            .Replace("{delegation}", world.Delegation.Id, StringComparison.Ordinal)
            .Replace("{approval}", "apr_none", StringComparison.Ordinal)
            .Replace("{provider}", "slack", StringComparison.Ordinal)
            .Replace("{id:long}", world.AuditRowId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain("{", url, StringComparison.Ordinal);   // a new route parameter: give it a value above
        return (prefix + url).TrimStart('/');
    }
}
