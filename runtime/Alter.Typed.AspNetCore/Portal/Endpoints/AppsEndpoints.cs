using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The store's apps: <c>GET /</c> (list and the create form), <c>POST /apps</c> (create), <c>GET /apps/select</c> (the app selector).</summary>
internal static class AppsEndpoints
{
    public static void Map(RouteGroupBuilder portal)
    {
        portal.MapGet("/", (PortalRequest portal) => portal.Page<AppsPage>("Apps", "apps"));

        portal.MapPost("/apps", async (PortalRequest portal, [FromForm(Name = "name")] string? name) =>
        {
            var app = portal.Store.Admin.CreateApp((name ?? "").Trim());
            portal.App = app;
            await portal.AuditAsync("portal.apps.create", principal: Principal.ForApp(app.Id).Key).ConfigureAwait(false);
            return portal.Done(portal.AppUrl("keys"), "app-created");
        });

        // The selector in the header is a GET form (no state changes): it only redirects to the chosen app's page.
        portal.MapGet("/apps/select", (PortalRequest portal, [FromQuery(Name = "app")] string? app, [FromQuery(Name = "section")] string? section) =>
            portal.Store.Admin.FindApp(app ?? "") is { } found
                ? Results.Redirect(portal.AppUrl(found.Id, PortalNav.IsSection(section) ? section! : "keys"))
                : Results.Redirect(portal.Url("/")));
    }
}
