using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The filters of <see cref="GrantsPage"/> (as the GET form sent them).</summary>
internal sealed record GrantFilter(string? Principal, string? Provider, string? Status);

/// <summary>The model of <see cref="GrantsPage"/>: the grants the filter keeps (never their tokens), the filter, and the choices of its selects.</summary>
internal sealed record GrantsModel(IReadOnlyList<GrantInfo> Grants, GrantFilter Filter, IReadOnlyList<string> Providers);

/// <summary>
/// An app's grants: <c>GET grants?principal=&amp;provider=&amp;status=</c>, and <c>POST grants/{grant}/revoke</c>, which runs
/// the CLI's own code: <see cref="AlterApp.RevokeGrant"/> (<c>alter grants revoke</c>: the provider revokes the tokens
/// where it can, then the vault forgets them) or, with <c>mode=remove</c>, <see cref="AlterApp.RemoveGrant"/>
/// (<c>alter grants revoke --local</c>).
/// </summary>
internal static class GrantsEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/grants", async (PortalRequest portal, [FromQuery(Name = "principal")] string? principal,
            [FromQuery(Name = "provider")] string? provider, [FromQuery(Name = "status")] string? status) =>
        {
            var filter = new GrantFilter(Blank(principal), Blank(provider)?.ToLowerInvariant(), Blank(status));
            await using var opened = portal.OpenApp();
            var all = opened.ListGrants();
            var kept = all.Where(g => (filter.Principal is null || g.Owner.Key == filter.Principal || g.Owner.Subject == filter.Principal)
                                      && (filter.Provider is null || g.Provider == filter.Provider)
                                      && (filter.Status is null || StatusName(g.Status) == filter.Status)).ToList();
            return portal.Page<GrantsPage>("Grants", "grants", new GrantsModel(kept, filter, [.. all.Select(g => g.Provider).Distinct().Order(StringComparer.Ordinal)]));
        });

        app.MapPost("/grants/{grant}/revoke", async (PortalRequest portal, string grant, [FromForm(Name = "mode")] string? mode, CancellationToken cancellationToken) =>
        {
            var local = mode == "remove";
            await using var opened = portal.OpenApp();
            var found = opened.GetGrant(grant) ?? throw new AlterException($"The app '{portal.App!.Name}' has no grant '{grant}'.");
            var done = local ? await opened.RemoveGrant(grant, cancellationToken).ConfigureAwait(false)
                             : await opened.RevokeGrant(grant, cancellationToken).ConfigureAwait(false);
            if (!done) throw new AlterException($"The app '{portal.App!.Name}' has no grant '{grant}'.");
            portal.Audit(opened, local ? "portal.grants.remove" : "portal.grants.revoke", found.Owner.Key, found.Provider, found.Id);
            return portal.Done(portal.AppUrl("grants"), local ? "grant-removed" : "grant-revoked");
        });
    }

    /// <summary>The status as the CLI names it.</summary>
    public static string StatusName(GrantStatus status) => status == GrantStatus.Active ? "active" : "reauth_required";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
