using Xunit;

namespace Alter.Typed.Tests;

/// <summary>GitLab typed end to end through the sandbox: connect, typed calls, audit rows, and a refresh of an expired token.</summary>
public sealed class GitLabProviderTests
{
    [Fact]
    public async Task GitLab_connect_then_current_user_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "gitlab");

        var me = await app.GitLab.WithGrant(grantId).Users.Current();

        Assert.Equal(1234567, me.Id);
        Assert.Equal("ada", me.Username);
        Assert.Equal("Ada Lovelace", me.Name);
        Assert.Equal("ada@example.com", me.Email);
        Assert.True(me.TwoFactorEnabled);
        Assert.Null(me.PublicEmail);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "gitlab", "users/current", grantId);
    }

    [Fact]
    public async Task GitLab_create_issue_in_a_project_addressed_by_its_path_then_list_it()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        // Creating an issue needs GitLab's api scope (read and write), beyond the read-only default scopes.
        var grantId = await CatalogCalls.ConnectAsync(app, "gitlab", ["read_user", "api"]);
        var gitLab = app.GitLab.WithGrant(grantId);

        var created = await gitLab.Issues.Create("ada/hello-gitlab", new() { Title = "Typed issue", Description = "From AlterTyped", Labels = "bug,typed" });
        var opened = await gitLab.Issues.ListForProject("4711", new() { State = "opened", Labels = "typed" });

        Assert.Equal(3, created.Iid);
        Assert.Equal(4711, created.ProjectId);
        Assert.Equal("opened", created.State);
        Assert.Equal(["bug", "typed"], created.Labels);
        Assert.Equal("ada", created.Author?.Username);
        Assert.Equal("ada/hello-gitlab#3", created.References?.Full);
        var listed = Assert.Single(opened);
        Assert.Equal(created.Id, listed.Id);
        Assert.Contains(world.Sandbox.State.ApiRequests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/projects/ada%2Fhello-gitlab/issues", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GitLab_projects_and_merge_requests_have_their_typed_fields()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var gitLab = app.GitLab.WithGrant(await CatalogCalls.ConnectAsync(app, "gitlab"));

        var project = Assert.Single(await gitLab.Projects.List(new() { Membership = true, PerPage = 50 }));
        var mergeRequest = Assert.Single(await gitLab.MergeRequests.ListForProject(project.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal("ada/hello-gitlab", project.PathWithNamespace);
        Assert.Equal("user", project.Namespace?.Kind);
        Assert.Equal("main", project.DefaultBranch);
        Assert.Equal("refresh-early", mergeRequest.SourceBranch);
        Assert.Equal("mergeable", mergeRequest.DetailedMergeStatus);
        Assert.Null(mergeRequest.MergedAt);
        Assert.Contains(world.Sandbox.State.ApiRequests, r => r.PathAndQuery.Contains("/projects?membership=true&per_page=50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GitLab_expired_token_is_refreshed_once_and_the_typed_call_succeeds()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gitlab");
        world.Sandbox.State.ExpireAccessTokens("gitlab");

        var me = await app.GitLab.WithGrant(grantId).Users.Current();

        Assert.Equal("ada", me.Username);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("gitlab"));
        var calls = world.Sandbox.State.ApiRequests.Where(r => r.ProviderId == "gitlab").ToList();
        Assert.Equal([401, 200], calls.Select(c => c.StatusCode));
        Assert.NotEqual(calls[0].Authorization, calls[1].Authorization);
        var row = (await app.Audit(new AuditQuery { Provider = "gitlab" })).First(r => r.Operation == "users/current");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
    }
}
