using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

public class GitHubTests
{
    [Fact]
    public async Task Token_endpoint_answers_json_when_asked_and_form_encoded_otherwise()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var github = sandbox.Provider("github");
        using var client = new OAuthTestClient(github);

        var token = await client.ConnectAsync();
        Assert.Matches(new Regex("^gho_[A-Za-z0-9]{36}$"), token.GetProperty("access_token").GetString());
        Assert.StartsWith("ghr_", token.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal("repo,read:user", token.GetProperty("scope").GetString());
        Assert.Equal(43200, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(15897600, token.GetProperty("refresh_token_expires_in").GetInt32());

        var code = (await client.AuthorizeAsync())["code"]!;
        using var response = await client.Http.PostAsync(github.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = github.ClientId, ["client_secret"] = github.ClientSecret, ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri,
        }));
        Assert.Equal("application/x-www-form-urlencoded", response.Content.Headers.ContentType?.MediaType);
        var form = HttpUtility.ParseQueryString(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("gho_", form["access_token"], StringComparison.Ordinal);
        Assert.Equal("repo,read:user", form["scope"]);

        var bad = await client.ExchangeCodeAsync(code);
        Assert.Equal("bad_verification_code", bad.GetProperty("error").GetString());
        Assert.Equal("The code passed is incorrect or expired.", bad.GetProperty("error_description").GetString());
        Assert.StartsWith("https://docs.github.com/", bad.GetProperty("error_uri").GetString(), StringComparison.Ordinal);
        Assert.Equal("bad_refresh_token", (await client.RefreshAsync("ghr_nope")).GetProperty("error").GetString());
        Assert.Equal("incorrect_client_credentials",
            (await client.PostTokenAsync(new() { ["code"] = code, ["client_secret"] = "nope" })).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Bad_credentials_are_401_with_githubs_body_and_rate_limit_headers()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("github"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (ok, user) = await client.CallApiAsync(HttpMethod.Get, "user", accessToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("octo-sandbox", user.GetProperty("login").GetString());
        Assert.Equal(1, user.GetProperty("id").GetInt32());
        Assert.Equal("2011-01-25T18:44:36Z", user.GetProperty("created_at").GetString());
        Assert.Equal("5000", ok.Headers.GetValues("x-ratelimit-limit").Single());
        Assert.Equal("4999", ok.Headers.GetValues("x-ratelimit-remaining").Single());
        Assert.Equal("core", ok.Headers.GetValues("x-ratelimit-resource").Single());
        Assert.Equal("2022-11-28", ok.Headers.GetValues("x-github-api-version-selected").Single());

        var (tokenScheme, _) = await client.CallApiAsync(HttpMethod.Get, "user", accessToken, scheme: "token");
        Assert.Equal(HttpStatusCode.OK, tokenScheme.StatusCode);
        Assert.Equal("4998", tokenScheme.Headers.GetValues("x-ratelimit-remaining").Single());

        sandbox.State.ExpireAccessTokens("github");
        foreach (var token in new[] { null, "gho_unknown", accessToken })
        {
            var (response, body) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues", token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bad credentials", body.GetProperty("message").GetString());
            Assert.Equal("https://docs.github.com/rest", body.GetProperty("documentation_url").GetString());
            Assert.Equal("401", body.GetProperty("status").GetString());
            Assert.True(response.Headers.Contains("x-ratelimit-used"));
        }

        Assert.Equal([200, 200, 401, 401, 401], sandbox.State.ApiRequests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Issues_paginate_with_a_link_header()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var github = sandbox.Provider("github");
        using var client = new OAuthTestClient(github);
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();
        var issuesUrl = $"{github.ApiBaseUrl}repos/octo-sandbox/hello-world/issues";

        var (first, page1) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues?per_page=2", accessToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(
            $"<{issuesUrl}?per_page=2&page=2>; rel=\"next\", <{issuesUrl}?per_page=2&page=3>; rel=\"last\"",
            first.Headers.GetValues("Link").Single());
        Assert.Equal([5, 4], page1.EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
        var issue = page1[0];
        Assert.Equal("open", issue.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, issue.GetProperty("closed_at").ValueKind);
        Assert.Equal("octo-sandbox", issue.GetProperty("user").GetProperty("login").GetString());
        Assert.Equal(JsonValueKind.Array, issue.GetProperty("labels").ValueKind);

        var (last, page3) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues?per_page=2&page=3", accessToken);
        Assert.Equal([1], page3.EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal(
            $"<{issuesUrl}?per_page=2&page=2>; rel=\"prev\", <{issuesUrl}?per_page=2&page=1>; rel=\"first\"",
            last.Headers.GetValues("Link").Single());

        var (all, everything) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues", accessToken);
        Assert.False(all.Headers.Contains("Link"));
        Assert.Equal(5, everything.GetArrayLength());

        var (_, bugs) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues?labels=bug&direction=asc", accessToken);
        Assert.Equal([1, 4], bugs.EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));

        var (missing, notFound) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/nope/issues", accessToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Not Found", notFound.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Creating_an_issue_answers_201_with_location_and_validates_the_title()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var github = sandbox.Provider("github");
        using var client = new OAuthTestClient(github);
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (created, issue) = await client.CallApiAsync(HttpMethod.Post, "repos/octo-sandbox/hello-world/issues", accessToken,
            """{"title":"Found a bug","body":"Steps to reproduce...","labels":["bug","triage"],"assignees":["octo-sandbox"]}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(6, issue.GetProperty("number").GetInt32());
        Assert.Equal($"{github.ApiBaseUrl}repos/octo-sandbox/hello-world/issues/6", created.Headers.Location?.AbsoluteUri);
        Assert.Equal(issue.GetProperty("url").GetString(), created.Headers.Location?.AbsoluteUri);
        Assert.Equal(["bug", "triage"], issue.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.Equal("octo-sandbox", issue.GetProperty("assignees")[0].GetProperty("login").GetString());

        var (_, list) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues", accessToken);
        Assert.Equal(6, list.GetArrayLength());
        Assert.Equal("Found a bug", list[0].GetProperty("title").GetString());
        var (fetched, single) = await client.CallApiAsync(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues/6", accessToken);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("Steps to reproduce...", single.GetProperty("body").GetString());

        var (invalid, error) = await client.CallApiAsync(HttpMethod.Post, "repos/octo-sandbox/hello-world/issues", accessToken, """{"body":"no title"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal("Validation Failed", error.GetProperty("message").GetString());
        var detail = Assert.Single(error.GetProperty("errors").EnumerateArray());
        Assert.Equal(("Issue", "missing_field", "title"),
            (detail.GetProperty("resource").GetString(), detail.GetProperty("code").GetString(), detail.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Revoking_a_token_with_basic_auth_answers_204_and_stops_it()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var github = sandbox.Provider("github");
        using var client = new OAuthTestClient(github);
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        async Task<HttpStatusCode> RevokeAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, github.RevocationUrl)
            {
                Content = new StringContent($$"""{"access_token":"{{accessToken}}"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{github.ClientId}:{github.ClientSecret}")));
            using var response = await client.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.NoContent, await RevokeAsync());
        var (after, _) = await client.CallApiAsync(HttpMethod.Get, "user", accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await RevokeAsync());
    }
}
