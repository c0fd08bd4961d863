using System.Net;
using System.Text;
using Alter.Typed.Http;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// A live token without the scope a call needs is not a dead token: no refresh, no re-auth, the grant stays active, and
/// the error says which scope to connect again with. Proven on the sandbox's GitLab (403 <c>insufficient_scope</c>) and
/// Dropbox (401 <c>missing_scope</c>, which used to cost a refresh and the grant), and on Google's and Slack's forms.
/// </summary>
public sealed class MissingScopeTests
{
    [Fact]
    public async Task GitLab_default_scopes_read_projects_and_creating_an_issue_says_to_connect_again_with_api()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gitlab");
        var gitLab = app.GitLab.WithGrant(grantId);

        Assert.Single(await gitLab.Projects.List(new() { Membership = true }));   // read_api is a default scope
        var error = await Assert.ThrowsAsync<ProviderApiException>(() => gitLab.Issues.Create("4711", new() { Title = "Needs api" }));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.True(error.ScopeMissing);
        Assert.Equal("insufficient_scope", error.ErrorCode);
        Assert.Equal(["api"], error.NeededScopes);
        Assert.Contains("lacks a scope this call needs (gitlab names: api): connect gitlab again", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Sandbox.State.RefreshRequests("gitlab"));
        Assert.Equal(GrantStatus.Active, Assert.Single(app.ListGrants()).Status);

        // Connecting again with the scope keeps the grant id, and the call goes through.
        Assert.Equal(grantId, await CatalogCalls.ConnectAsync(app, "gitlab", ["read_user", "read_api", "api"]));
        var created = await gitLab.Issues.Create("4711", new() { Title = "Needs api" });
        Assert.Equal("Needs api", created.Title);
    }

    [Fact]
    public async Task Dropbox_missing_scope_on_a_401_costs_no_refresh_and_leaves_the_grant_active()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "dropbox");   // read-only default scopes

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Dropbox.Files.CreateFolderV2(new() { Path = "/Homework/Chemistry" }));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.True(error.ScopeMissing);
        Assert.Equal("missing_scope/", error.ErrorCode);
        Assert.Equal(["files.content.write"], error.NeededScopes);
        Assert.Equal(0, world.Sandbox.State.RefreshRequests("dropbox"));
        Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == "dropbox");   // not retried either
        Assert.Equal(GrantStatus.Active, Assert.Single(app.ListGrants()).Status);
        var row = (await app.Audit(new AuditQuery { Provider = "dropbox" })).First();
        Assert.Equal("provider_error:missing_scope/", row.Outcome);
        Assert.False(row.TokenRefreshed);

        // The grant still does what it was granted.
        Assert.NotEmpty((await app.Dropbox.WithGrant(grantId).Files.ListFolder(new() { Path = "" })).Entries);
    }

    [Fact]
    public async Task Slack_missing_scope_with_HTTP_200_names_the_scope_and_keeps_the_grant()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "slack", ["channels:read"]);

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "no chat:write" }));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.True(error.ScopeMissing);
        Assert.Equal("missing_scope", error.ErrorCode);
        Assert.Equal(["chat:write"], error.NeededScopes);
        Assert.Empty(world.Sandbox.State.Messages);
        Assert.Equal(0, world.Sandbox.State.RefreshRequests("slack"));
        Assert.Equal(GrantStatus.Active, Assert.Single(app.ListGrants()).Status);
        Assert.NotEmpty((await app.Slack.WithGrant(grantId).Conversations.List()).Channels!);   // what it was granted still works
    }

    [Fact]
    public async Task A_401_whose_challenge_says_insufficient_scope_is_not_a_dead_token()
    {
        // Google's form: the challenge carries the error and the scope that would do; the body only says PERMISSION_DENIED.
        const string body = """{"error":{"code":403,"message":"Request had insufficient authentication scopes.","status":"PERMISSION_DENIED"}}""";
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.WwwAuthenticate.ParseAdd("""Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/gmail.send https://mail.google.com/" """.Trim());

        var verdict = await ProviderVerdict.ReadAsync(response, new ProviderErrorConvention { CodeProperty = "error.status" }, CancellationToken.None);
        var (missing, needed) = ScopeShortfall.Read(response, verdict.Code, body);

        Assert.False(verdict.TokenRejected);
        Assert.Equal("PERMISSION_DENIED", verdict.Code);
        Assert.True(missing);
        Assert.Equal(["https://www.googleapis.com/auth/gmail.send", "https://mail.google.com/"], needed);
    }

    [Fact]
    public async Task A_401_with_a_plain_challenge_is_still_a_dead_token()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("""{"error":"invalid_token"}""", Encoding.UTF8, "application/json") };
        response.Headers.WwwAuthenticate.ParseAdd("""Bearer realm="Dropbox-API", error="invalid_token" """.Trim());

        var verdict = await ProviderVerdict.ReadAsync(response, new ProviderErrorConvention { CodeProperty = "error" }, CancellationToken.None);

        Assert.True(verdict.TokenRejected);
        Assert.False(ScopeShortfall.Read(response, verdict.Code, """{"error":"invalid_token"}""").Missing);
    }

    [Theory]
    [InlineData("""{"ok":false,"error":"missing_scope","needed":"chat:write","provided":"channels:read"}""", "missing_scope", "chat:write")]        // Slack, HTTP 200
    [InlineData("""{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api read_api"}""", null, "api,read_api")] // GitLab
    [InlineData("""{"error_summary":"missing_scope/...","error":{".tag":"missing_scope","required_scope":"files.content.read"}}""", "missing_scope/...", "files.content.read")] // Dropbox
    public void The_providers_own_bodies_name_the_scopes_they_need(string body, string? code, string needed)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        var (missing, scopes) = ScopeShortfall.Read(response, code, body);

        Assert.True(missing);
        Assert.Equal(needed.Split(','), scopes);
    }

    [Theory]
    [InlineData("""{"message":"403 Forbidden"}""", null)]
    [InlineData("""{"ok":false,"error":"channel_not_found"}""", "channel_not_found")]
    [InlineData("not json", null)]
    public void Other_failures_are_not_a_missing_scope(string body, string? code)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent(body) };

        var (missing, scopes) = ScopeShortfall.Read(response, code, body);

        Assert.False(missing);
        Assert.Empty(scopes);
    }
}
