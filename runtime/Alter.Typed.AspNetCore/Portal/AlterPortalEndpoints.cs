using Alter.Typed.AspNetCore.Portal;
using Alter.Typed.AspNetCore.Portal.Endpoints;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Alter portal: <c>app.MapAlterPortal("/alter").RequireAuthorization("admins")</c>.</summary>
public static class AlterPortalEndpoints
{
    /// <summary>The tag on every endpoint of the portal (<see cref="Microsoft.AspNetCore.Http.Metadata.ITagsMetadata"/>), to find them all in an <see cref="EndpointDataSource"/>.</summary>
    public const string Tag = "Alter portal";

    /// <summary>
    /// Maps the portal's pages and forms under <paramref name="prefix"/>: apps, API keys, provider settings, grants, users,
    /// agents, delegations and approvals of every app in the store. The portal is never open: every endpoint requires an
    /// authenticated user (the default authorization policy) on top of whatever the host adds to the returned group
    /// (<c>.RequireAuthorization("admins")</c>), and every form post needs its antiforgery token (put
    /// <c>app.UseAntiforgery()</c> after <c>UseAuthentication</c>/<c>UseAuthorization</c>). Needs
    /// <c>services.AddAlterPortal()</c>. The standalone portal (<see cref="Alter.Typed.AspNetCore.AlterPortalServer"/>,
    /// <c>alter portal</c>) adds its own sign-in with a one-time admin key.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The path prefix, for example <c>/alter</c>; <c>/</c> mounts the portal at the root.</param>
    /// <returns>The route group, to add the host's authorization policy to.</returns>
    public static RouteGroupBuilder MapAlterPortal(this IEndpointRouteBuilder endpoints, string prefix = "/alter")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var routes = endpoints.ServiceProvider.GetService<PortalRoutes>()
            ?? throw new InvalidOperationException("MapAlterPortal needs services.AddAlterPortal() first.");
        var store = endpoints.ServiceProvider.GetRequiredService<PortalStore>();
        routes.Prefix = prefix.Trim('/') is { Length: > 0 } trimmed ? "/" + trimmed : "";

        var group = endpoints.MapGroup(routes.Prefix);
        group.RequireAuthorization();                                   // never open, whatever the host adds
        group.WithMetadata(new RequireAntiforgeryTokenAttribute());      // every form post (the middleware skips GET)
        group.WithTags(Tag);
        group.AddEndpointFilter(PortalFilters.RefuseWithoutAntiforgeryAndShowErrors);

        var css = group.MapGet("/portal.css", PortalAssets.Stylesheet);
        if (store.Options.AdminKey is not null)
        {
            css.AllowAnonymous();                                       // the sign-in page's style
            PortalAuth.MapSignIn(group);
        }

        AppsEndpoints.Map(group);
        var app = group.MapGroup("/apps/{app}");
        app.AddEndpointFilter(PortalFilters.LoadApp);
        KeysEndpoints.Map(app);
        ProvidersEndpoints.Map(app);
        GrantsEndpoints.Map(app);
        UsersEndpoints.Map(app);
        AgentsEndpoints.Map(app);
        DelegationsEndpoints.Map(app);
        ApprovalsEndpoints.Map(app);
        AuditEndpoints.Map(app);
        return group;
    }
}
