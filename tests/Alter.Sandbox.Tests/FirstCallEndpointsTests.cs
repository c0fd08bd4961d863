using System.Net;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

/// <summary>
/// What a new user calls first with only a glob in the project (issue 14, acceptance 5): Slack's <c>users.list</c> and
/// GitHub's <c>GET /user/repos</c>, in the providers' own shapes, scopes and pagination.
/// </summary>
public class FirstCallEndpointsTests
{
    [Fact]
    public async Task Slack_users_list_needs_users_read_and_pages_with_a_cursor()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));

        var defaultToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();
        var (_, refused) = await client.CallApiAsync(HttpMethod.Get, "users.list", defaultToken);
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Equal("missing_scope", refused.GetProperty("error").GetString());
        Assert.Equal("users:read", refused.GetProperty("needed").GetString());

        var code = (await client.AuthorizeAsync(scope: "users:read"))["code"]!;
        var token = (await client.ExchangeCodeAsync(code)).GetProperty("access_token").GetString();
        var ids = new List<string>();
        string cursor = "";
        var pages = 0;
        do
        {
            var (response, body) = await client.CallApiAsync(HttpMethod.Get, "users.list?limit=2" + (cursor.Length > 0 ? "&cursor=" + Uri.EscapeDataString(cursor) : ""), token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(body.GetProperty("ok").GetBoolean());
            Assert.True(body.GetProperty("cache_ts").GetInt64() > 0);
            ids.AddRange(body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            cursor = body.GetProperty("response_metadata").GetProperty("next_cursor").GetString()!;
            pages++;
        }
        while (cursor.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(["USLACKBOT", "U0SANDBOX", "U0ADA", "U0GRACE", "U0ALAN"], ids);
        var (_, bad) = await client.CallApiAsync(HttpMethod.Get, "users.list?cursor=bm9wZQ==", token);
        Assert.Equal("invalid_cursor", bad.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GitHub_user_repos_lists_filters_sorts_and_pages_with_a_link_header()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("github"));
        var token = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (all, repos) = await client.CallApiAsync(HttpMethod.Get, "user/repos", token);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(["monalisa/octo-notes", "octo-sandbox/dotfiles", "octo-sandbox/hello-world"], repos.EnumerateArray().Select(r => r.GetProperty("full_name").GetString()));
        var hello = repos[2];
        Assert.Equal(1296269, hello.GetProperty("id").GetInt64());
        Assert.Equal("octo-sandbox", hello.GetProperty("owner").GetProperty("login").GetString());
        Assert.EndsWith("/github/api/repos/octo-sandbox/hello-world/issues{/number}", hello.GetProperty("issues_url").GetString(), StringComparison.Ordinal);

        var (paged, first) = await client.CallApiAsync(HttpMethod.Get, "user/repos?per_page=2&sort=created&direction=desc", token);
        Assert.Equal(["monalisa/octo-notes", "octo-sandbox/dotfiles"], first.EnumerateArray().Select(r => r.GetProperty("full_name").GetString()));
        Assert.Contains("per_page=2&sort=created&direction=desc&page=2>; rel=\"next\"", paged.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        var (_, mine) = await client.CallApiAsync(HttpMethod.Get, "user/repos?affiliation=owner&visibility=private", token);
        Assert.Equal("octo-sandbox/dotfiles", Assert.Single(mine.EnumerateArray()).GetProperty("full_name").GetString());

        var (conflict, _) = await client.CallApiAsync(HttpMethod.Get, "user/repos?type=owner&visibility=all", token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        var (denied, _) = await client.CallApiAsync(HttpMethod.Get, "user/repos", "not-a-sandbox-token");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }
}
