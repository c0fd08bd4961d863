using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The model of <see cref="KeysPage"/>: the app's keys (never their values) and, on the mint response only, the new key.</summary>
internal sealed record KeysModel(IReadOnlyList<ApiKeyInfo> Keys, MintedApiKey? Minted = null);

/// <summary>An app's API keys: <c>GET keys</c>, <c>POST keys</c> (mint: the plaintext is on that response only), <c>POST keys/{key}/revoke</c>.</summary>
internal static class KeysEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/keys", (PortalRequest portal) => portal.Page<KeysPage>("API keys", "keys", new KeysModel(portal.Store.Admin.ListKeys(portal.App!.Id))));

        app.MapPost("/keys", async (PortalRequest portal) =>
        {
            var minted = portal.Store.Admin.MintKey(portal.App!.Id);
            await portal.AuditAsync("portal.keys.mint", principal: Principal.ForApp(portal.App.Id).Key).ConfigureAwait(false);
            return portal.Page<KeysPage>("API keys", "keys", new KeysModel(portal.Store.Admin.ListKeys(portal.App.Id), minted));
        });

        app.MapPost("/keys/{key}/revoke", async (PortalRequest portal, string key) =>
        {
            // Only this app's keys: a key id of another app is "not found" here.
            if (!portal.Store.Admin.ListKeys(portal.App!.Id).Any(k => k.Id == key && k.RevokedAt is null) || !portal.Store.Admin.RevokeKey(key))
                throw new AlterException($"The app '{portal.App.Name}' has no active key '{key}'.");
            await portal.AuditAsync("portal.keys.revoke", principal: Principal.ForApp(portal.App.Id).Key).ConfigureAwait(false);
            return portal.Done(portal.AppUrl("keys"), "key-revoked");
        });
    }
}
