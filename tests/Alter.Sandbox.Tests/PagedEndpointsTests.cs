using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

/// <summary>The sandbox's paged answers as the providers shape them, and the errors for a page position they did not give.</summary>
public class PagedEndpointsTests
{
    [Fact]
    public async Task Box_pages_folder_items_by_marker_only_with_usemarker()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("box"));
        var token = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (_, first) = await client.CallApiAsync(HttpMethod.Get, "folders/0/items?usemarker=true&limit=1", token);
        var marker = first.GetProperty("next_marker").GetString()!;
        var (_, second) = await client.CallApiAsync(HttpMethod.Get, "folders/0/items?usemarker=true&limit=1&marker=" + Uri.EscapeDataString(marker), token);
        var (_, offsetPage) = await client.CallApiAsync(HttpMethod.Get, "folders/0/items?limit=1", token);
        var (bad, error) = await client.CallApiAsync(HttpMethod.Get, "folders/0/items?usemarker=true&marker=nope", token);

        Assert.Equal("Projects", first.GetProperty("entries")[0].GetProperty("name").GetString());
        Assert.False(first.TryGetProperty("total_count", out _));   // marker pages carry no offset or total
        Assert.Equal("Quarterly report.pdf", second.GetProperty("entries")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_marker").ValueKind);
        Assert.False(offsetPage.TryGetProperty("next_marker", out _)); // without usemarker Box pages by offset
        Assert.Equal(2, offsetPage.GetProperty("total_count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("bad_request", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Spotify_pages_my_playlists_by_offset_with_total_and_next()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("spotify"));
        var token = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (_, last) = await client.CallApiAsync(HttpMethod.Get, "me/playlists?limit=2&offset=4", token);
        var (_, first) = await client.CallApiAsync(HttpMethod.Get, "me/playlists?limit=2", token);
        var (bad, error) = await client.CallApiAsync(HttpMethod.Get, "me/playlists?limit=51", token);

        Assert.Equal(["Road trip"], last.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(5, last.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Equal("https://api.spotify.com/v1/me/playlists?offset=2&limit=2", first.GetProperty("next").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Invalid limit", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Notion_search_pages_by_start_cursor_and_refuses_a_cursor_it_did_not_give()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var notion = sandbox.Provider("notion");
        using var client = new OAuthTestClient(notion);
        var code = (await client.AuthorizeAsync())["code"]!;
        var token = (await client.PostTokenAsync(new()   // Notion's token endpoint takes the client in a Basic header
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri,
        }, basicAuth: true)).GetProperty("access_token").GetString()!;

        async Task<(HttpStatusCode Status, JsonElement Body)> SearchAsync(string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, notion.ApiBaseUrl + "search") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Notion-Version", "2025-09-03");
            using var response = await client.Http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (_, first) = await SearchAsync("""{ "query": "engine", "page_size": 1 }""");
        var cursor = first.GetProperty("next_cursor").GetString();
        var (_, second) = await SearchAsync($$"""{ "query": "engine", "page_size": 1, "start_cursor": "{{cursor}}" }""");
        var (status, error) = await SearchAsync("""{ "start_cursor": "not-a-cursor" }""");

        Assert.Equal(("list", true), (first.GetProperty("object").GetString(), first.GetProperty("has_more").GetBoolean()));
        Assert.Equal("Engine sketches", second.GetProperty("results")[0].GetProperty("properties").GetProperty("title").GetProperty("title")[0].GetProperty("plain_text").GetString());
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        Assert.Equal((HttpStatusCode.BadRequest, "validation_error"), (status, error.GetProperty("code").GetString()));
    }
}
