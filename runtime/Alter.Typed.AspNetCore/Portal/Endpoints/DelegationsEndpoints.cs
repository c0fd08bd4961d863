using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The model of <see cref="DelegationsPage"/>.</summary>
internal sealed record DelegationsModel(IReadOnlyList<Delegation> Delegations, IReadOnlyDictionary<string, string> AgentNames, DateTimeOffset Now);

/// <summary>
/// Users' grants lent to agents (<see cref="AlterApp.Delegations"/>, as <c>alter delegations</c>): <c>GET delegations</c>,
/// <c>POST delegations/{delegation}/revoke</c>.
/// </summary>
internal static class DelegationsEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/delegations", async (PortalRequest portal) =>
        {
            await using var opened = portal.OpenApp();
            var names = opened.Agents.List().ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
            return portal.Page<DelegationsPage>("Delegations", "delegations",
                new DelegationsModel(opened.Delegations.List(), names, portal.Store.AlterOptions.TimeProvider.GetUtcNow()));
        });

        app.MapPost("/delegations/{delegation}/revoke", async (PortalRequest portal, string delegation) =>
        {
            await using var opened = portal.OpenApp();
            var found = opened.Delegations.Get(delegation);
            if (found is null || !opened.Delegations.Revoke(delegation))
                throw new AlterException($"The app '{portal.App!.Name}' has no active delegation '{delegation}'.");
            portal.Audit(opened, "portal.delegations.revoke", found.User.Key, grantId: found.GrantId, delegationId: found.Id);
            return portal.Done(portal.AppUrl("delegations"), "delegation-revoked");
        });
    }
}
