using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Asana typed end to end through the sandbox: the <c>data</c> envelope both ways, audit rows, and a refresh of an expired token.</summary>
public sealed class AsanaProviderTests
{
    [Fact]
    public async Task Asana_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "asana");

        var me = (await app.Asana.WithGrant(grantId).Users.Me()).Data;

        Assert.Equal("1201234567890123", me.Gid);
        Assert.Equal("user", me.ResourceType);
        Assert.Equal("Ada Lovelace", me.Name);
        Assert.Equal("ada@example.com", me.Email);
        var workspace = Assert.Single(me.Workspaces!);
        Assert.Equal("Sandbox Workspace", workspace.Name);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "asana", "getUser-me", grantId);
    }

    [Fact]
    public async Task Asana_create_task_in_the_data_envelope_then_get_and_list_it()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var asana = app.Asana.WithGrant(await CatalogCalls.ConnectAsync(app, "asana"));
        var workspaceGid = Assert.Single((await asana.Workspaces.List()).Data).Gid;
        var projectGid = Assert.Single((await asana.Projects.List(new() { Workspace = workspaceGid, Limit = 10 })).Data).Gid;

        var created = (await asana.Tasks.Create(new() { Data = new() { Name = "Typed task", Notes = "From AlterTyped", Projects = [projectGid], Assignee = "me", DueOn = "2024-06-01" } })).Data;
        var fetched = (await asana.Tasks.Get(created.Gid)).Data;
        var mine = await asana.Tasks.List(new() { Assignee = "me", Workspace = workspaceGid, Limit = 50 });

        Assert.Equal("Typed task", fetched.Name);
        Assert.Equal("From AlterTyped", fetched.Notes);
        Assert.Equal("2024-06-01", fetched.DueOn);
        Assert.False(fetched.Completed);
        Assert.Equal("Ada Lovelace", fetched.Assignee?.Name);
        Assert.Equal("Launch plan", Assert.Single(fetched.Projects!).Name);
        Assert.Equal(workspaceGid, fetched.Workspace?.Gid);
        Assert.Contains(mine.Data, t => t.Gid == created.Gid && t.ResourceSubtype == "default_task");
        Assert.Null(mine.NextPage);
    }

    [Fact]
    public async Task Asana_tasks_without_a_valid_filter_are_the_providers_400s()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var asana = app.Asana.WithGrant(await CatalogCalls.ConnectAsync(app, "asana"));

        var none = await Assert.ThrowsAsync<ProviderApiException>(() => asana.Tasks.List());
        var workspaceOnly = await Assert.ThrowsAsync<ProviderApiException>(() => asana.Tasks.List(new() { Workspace = "1209876543210001" }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("You should specify one of workspace, project, tag, section, user_task_list", none.Body, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, workspaceOnly.StatusCode);
        Assert.Contains("Must specify exactly one of project, tag, section, user task list, or assignee + workspace", workspaceOnly.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asana_expired_token_is_refreshed_once_and_the_refresh_token_is_kept()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "asana");

        world.Sandbox.State.ExpireAccessTokens("asana");
        var first = (await app.Asana.WithGrant(grantId).Users.Me()).Data;
        world.Sandbox.State.ExpireAccessTokens("asana");
        var second = (await app.Asana.WithGrant(grantId).Users.Me()).Data;   // Asana's refresh answer has no refresh_token: the first one must still be used

        Assert.Equal("ada@example.com", first.Email);
        Assert.Equal("ada@example.com", second.Email);
        Assert.Equal(2, world.Sandbox.State.RefreshRequests("asana"));
        Assert.Equal([401, 200, 401, 200], world.Sandbox.State.ApiRequests.Where(r => r.ProviderId == "asana").Select(r => r.StatusCode));
        Assert.True((await app.Audit(new AuditQuery { Provider = "asana" })).First(r => r.Operation == "getUser-me").TokenRefreshed);
    }
}
