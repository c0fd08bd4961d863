using System.Net;
using Alter.Typed.Http;
using Alter.Typed.Slack;

namespace Alter.Typed.Portal.Tests;

/// <summary>What the admin pages show and do: grant filters, users, an agent's policy, approvals, refusals.</summary>
public sealed class PagesTests
{
    [Fact]
    public async Task Grants_filter_by_principal_provider_and_status()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var grants = PortalEndpointList.Fill("/apps/{app}/grants", world);

        var all = await client.GetStringAsync(grants);
        Assert.Contains(world.Grant.Id, all, StringComparison.Ordinal);
        Assert.Contains(world.Connected.Id, all, StringComparison.Ordinal);
        var ada = await client.GetStringAsync(grants + "?principal=" + Uri.EscapeDataString(PortalWorld.Ada.Key));
        Assert.Contains(world.Grant.Id, ada, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Connected.Id, ada, StringComparison.Ordinal);
        Assert.Contains(world.Grant.Id, await client.GetStringAsync(grants + "?principal=ada&provider=slack&status=active"), StringComparison.Ordinal);
        Assert.DoesNotContain(world.Grant.Id, await client.GetStringAsync(grants + "?status=reauth_required"), StringComparison.Ordinal);
        Assert.DoesNotContain(world.Grant.Id, await client.GetStringAsync(grants + "?provider=github"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_agents_and_their_policy_are_shown()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var users = await client.GetStringAsync(PortalEndpointList.Fill("/apps/{app}/users", world));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(PortalWorld.Ada.Key), users, StringComparison.Ordinal);
        var agents = await client.GetStringAsync(PortalEndpointList.Fill("/apps/{app}/agents", world));
        Assert.Contains("helper", agents, StringComparison.Ordinal);
        var agent = await client.GetStringAsync(PortalEndpointList.Fill("/apps/{app}/agents/{agent}", world));
        Assert.Contains("helper-policy", agent, StringComparison.Ordinal);
        Assert.Contains("slack:chat.postMessage", agent, StringComparison.Ordinal);
        Assert.Contains(world.AgentKeyId, agent, StringComparison.Ordinal);
        var delegations = await client.GetStringAsync(PortalEndpointList.Fill("/apps/{app}/delegations", world));
        Assert.Contains(world.Delegation.Id, delegations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_apps_and_ids_are_refused_without_a_change()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("apps/app_nope/keys")).StatusCode);
        var before = world.Snapshot();
        var keys = PortalEndpointList.Fill("/apps/{app}/keys", world);
        using (var response = await PortalWorld.PostFormAsync(client, keys, keys + "/nokey/revoke", []))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var grants = PortalEndpointList.Fill("/apps/{app}/grants", world);
        using (var response = await PortalWorld.PostFormAsync(client, grants, grants + "/grant_nope/revoke", new() { ["mode"] = "revoke" }))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // Another app's key is not this app's to revoke.
        var other = AlterAdmin.Open(world.Options).CreateApp("other");
        var otherKey = AlterAdmin.Open(world.Options).MintKey(other.Id);
        before = world.Snapshot();
        using (var response = await PortalWorld.PostFormAsync(client, keys, $"{keys}/{otherKey.Info.Id}/revoke", []))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, world.Snapshot());
    }

    [Fact]
    public async Task Approvals_waiting_are_approved_or_denied_as_who()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var options = new AlterOptions { DatabasePath = world.Options.DatabasePath, VaultKey = world.Options.VaultKey };
        options.Providers["slack"] = world.Options.Providers["slack"];
        options.Policies.Add(new AccessPolicyEnforcer(AccessPolicy.Create("approve posts").Allow("slack:*").RequireApproval(SlackOperations.ChatPostMessage).Build()));
        await using var app = new App(world.AppKey, options);
        var slack = app.Slack.WithGrant(world.Connected.Id);
        var approve = await Assert.ThrowsAsync<ApprovalPendingException>(() => slack.Chat.PostMessage(new() { Channel = "#general", Text = "deploy" }));
        var deny = await Assert.ThrowsAsync<ApprovalPendingException>(() => slack.Chat.PostMessage(new() { Channel = "#general", Text = "drop tables" }));

        var approvals = PortalEndpointList.Fill("/apps/{app}/approvals", world);
        var page = await client.GetStringAsync(approvals);
        Assert.Contains(approve.ApprovalId, page, StringComparison.Ordinal);
        Assert.Contains(deny.ApprovalId, page, StringComparison.Ordinal);
        using (var response = await PortalWorld.PostFormAsync(client, approvals, $"{approvals}/{approve.ApprovalId}/approve", []))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using (var response = await PortalWorld.PostFormAsync(client, approvals, $"{approvals}/{deny.ApprovalId}/deny", new() { ["reason"] = "not today" }))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal((ApprovalStatus.Approved, "portal:admin"), (app.Approvals.Get(approve.ApprovalId)!.Status, app.Approvals.Get(approve.ApprovalId)!.DecidedBy));
        Assert.Equal((ApprovalStatus.Denied, "not today"), (app.Approvals.Get(deny.ApprovalId)!.Status, app.Approvals.Get(deny.ApprovalId)!.Reason));
        Assert.True((await slack.Chat.PostMessage(new() { Channel = "#general", Text = "deploy" })).Ok);   // the approved call goes through
        var rows = (await app.Audit(new AuditQuery { Limit = 1000 })).Where(r => r.Operation.StartsWith("portal.approvals.", StringComparison.Ordinal)).ToList();
        Assert.Equal([approve.ApprovalId, deny.ApprovalId], rows.OrderBy(r => r.Operation, StringComparer.Ordinal).Select(r => r.ApprovalId));
        Assert.All(rows, r => Assert.Equal("portal:admin", r.Caller));
        Assert.DoesNotContain(approve.ApprovalId, await client.GetStringAsync(approvals), StringComparison.Ordinal);   // decided: no longer waiting
    }
}
