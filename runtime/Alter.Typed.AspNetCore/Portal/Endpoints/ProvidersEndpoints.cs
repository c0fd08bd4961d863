using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The model of <see cref="ProvidersPage"/>: the app's stored settings (never a secret: only whether one is stored) and the providers known.</summary>
internal sealed record ProvidersModel(IReadOnlyList<StoredProviderSettings> Stored, IReadOnlyList<string> Known);

/// <summary>
/// An app's provider settings: <c>GET providers</c>, <c>POST providers</c> (client id; the client secret is write-only: an
/// empty field keeps the stored one, and no page ever shows it), <c>POST providers/{provider}/remove</c>.
/// </summary>
internal static class ProvidersEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/providers", (PortalRequest portal) => portal.Page<ProvidersPage>("Providers", "providers", Model(portal)));

        app.MapPost("/providers", async (PortalRequest portal, [FromForm(Name = "provider")] string? provider,
            [FromForm(Name = "clientId")] string? clientId, [FromForm(Name = "clientSecret")] string? clientSecret) =>
        {
            var id = (provider ?? "").Trim().ToLowerInvariant();
            if (id.Length == 0) throw new AlterException("Name the provider.");
            var admin = portal.Store.Admin;
            // Keep the stored endpoint overrides: the form edits the client only.
            var stored = admin.ListProviderSettings(portal.App!.Id).FirstOrDefault(p => p.Provider == id)?.Overrides;
            admin.ConfigureProvider(portal.App.Id, id, new ProviderSettings
            {
                ClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId.Trim(),
                ClientSecret = string.IsNullOrEmpty(clientSecret) ? null : clientSecret,   // null keeps the stored secret
                AuthorizationUrl = stored?.AuthorizationUrl, TokenUrl = stored?.TokenUrl, RefreshUrl = stored?.RefreshUrl,
                RevocationUrl = stored?.RevocationUrl, ApiBaseUrl = stored?.ApiBaseUrl, AllowedHosts = stored?.AllowedHosts, Scopes = stored?.Scopes,
            });
            await portal.AuditAsync("portal.providers.save", principal: Principal.ForApp(portal.App.Id).Key, provider: id).ConfigureAwait(false);
            return portal.Done(portal.AppUrl("providers"), "provider-saved");
        });

        app.MapPost("/providers/{provider}/remove", async (PortalRequest portal, string provider) =>
        {
            if (!portal.Store.Admin.RemoveProviderSettings(portal.App!.Id, provider))
                throw new AlterException($"The app '{portal.App.Name}' stores no settings for '{provider}'.");
            await portal.AuditAsync("portal.providers.remove", principal: Principal.ForApp(portal.App.Id).Key, provider: provider.ToLowerInvariant()).ConfigureAwait(false);
            return portal.Done(portal.AppUrl("providers"), "provider-removed");
        });
    }

    private static ProvidersModel Model(PortalRequest portal)
        => new(portal.Store.Admin.ListProviderSettings(portal.App!.Id),
            [.. portal.Store.Providers.Select(p => p.Id).Order(StringComparer.Ordinal)]);
}
