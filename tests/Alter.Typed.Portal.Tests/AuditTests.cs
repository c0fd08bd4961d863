using System.Net;

namespace Alter.Typed.Portal.Tests;

/// <summary>Every change made in the portal is audited with who made it (<c>portal:admin</c> for the admin-key session).</summary>
public sealed class AuditTests
{
    [Fact]
    public async Task Revoking_a_grant_runs_the_CLIs_revocation_and_audits_who()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var grants = PortalEndpointList.Fill("/apps/{app}/grants", world);
        using var revoked = await PortalWorld.PostFormAsync(client, grants, $"{grants}/{world.Connected.Id}/revoke", new() { ["mode"] = "revoke" });
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("done=grant-revoked", revoked.Headers.Location!.OriginalString, StringComparison.Ordinal);

        Assert.Null(world.App.GetGrant(world.Connected.Id));
        var rows = await world.App.Audit(new AuditQuery { GrantId = world.Connected.Id });
        var core = Assert.Single(rows, r => r.Operation == "grant.revoke");
        Assert.Equal(("portal:admin", "revoked"), (core.Caller, core.Outcome));   // revoked at the provider (the sandbox), as the CLI does
        var portal = Assert.Single(rows, r => r.Operation == "portal.grants.revoke");
        Assert.Equal(("portal:admin", "ok", "slack"), (portal.Caller, portal.Outcome, portal.Provider));
        Assert.DoesNotContain(world.Connected.Id, await client.GetStringAsync(grants), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_mint_key_revoke_and_delegation_revoke_are_audited_with_who()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var keys = PortalEndpointList.Fill("/apps/{app}/keys", world);
        (await PortalWorld.PostFormAsync(client, keys, keys, [])).Dispose();
        (await PortalWorld.PostFormAsync(client, keys, $"{keys}/{world.AppKeyId}/revoke", [])).Dispose();
        var delegations = PortalEndpointList.Fill("/apps/{app}/delegations", world);
        using (var revoked = await PortalWorld.PostFormAsync(client, delegations, $"{delegations}/{world.Delegation.Id}/revoke", []))
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        // The app's own key was revoked in the portal: read the log with a fresh key.
        var admin = AlterAdmin.Open(world.Options);
        await using var app = new App(admin.MintKey(world.AppInfo.Id).ApiKey, world.Options);
        var rows = (await app.Audit(new AuditQuery { Limit = 1000 })).Where(r => r.Operation.StartsWith("portal.", StringComparison.Ordinal)).ToList();
        Assert.All(rows, r => Assert.Equal(("portal:admin", "ok"), (r.Caller, r.Outcome)));
        Assert.Equal(["portal.delegations.revoke", "portal.keys.mint", "portal.keys.revoke"], rows.Select(r => r.Operation).Order());
        Assert.Equal(world.Delegation.Id, rows.Single(r => r.Operation == "portal.delegations.revoke").DelegationId);
        Assert.Equal(PortalWorld.Ada.Key, rows.Single(r => r.Operation == "portal.delegations.revoke").Principal);
        Assert.NotNull(app.Delegations.Get(world.Delegation.Id)!.RevokedAt);
    }
}
