using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

public class SlackApiTests
{
    [Fact]
    public async Task Auth_errors_are_http_200_with_ok_false()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (missing, notAuthed) = await client.CallApiAsync(HttpMethod.Post, "chat.postMessage", null, """{"channel":"general","text":"x"}""");
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal("not_authed", notAuthed.GetProperty("error").GetString());

        var (_, invalid) = await client.CallApiAsync(HttpMethod.Post, "auth.test", "xoxb-unknown");
        Assert.Equal("invalid_auth", invalid.GetProperty("error").GetString());

        sandbox.State.RevokeAll("slack");
        var (_, revoked) = await client.CallApiAsync(HttpMethod.Get, "auth.test", accessToken);
        Assert.Equal("invalid_auth", revoked.GetProperty("error").GetString());

        Assert.Equal([null, "Bearer xoxb-unknown", "Bearer " + accessToken], sandbox.State.ApiRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Post_message_validates_and_accepts_form_bodies()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (_, unknown) = await client.CallApiAsync(HttpMethod.Post, "chat.postMessage", accessToken, """{"channel":"#nowhere","text":"x"}""");
        Assert.Equal("channel_not_found", unknown.GetProperty("error").GetString());
        var (_, empty) = await client.CallApiAsync(HttpMethod.Post, "chat.postMessage", accessToken, """{"channel":"#general"}""");
        Assert.Equal("no_text", empty.GetProperty("error").GetString());

        using var form = new HttpRequestMessage(HttpMethod.Post, sandbox.Provider("slack").ApiBaseUrl + "chat.postMessage")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["channel"] = "random", ["text"] = "form body", ["thread_ts"] = "1.000001" }),
        };
        form.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.Http.SendAsync(form);
        var posted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(posted.GetProperty("ok").GetBoolean());
        Assert.Equal("C0RANDOM", posted.GetProperty("channel").GetString());
        Assert.Equal("1.000001", posted.GetProperty("message").GetProperty("thread_ts").GetString());

        var (_, second) = await client.CallApiAsync(HttpMethod.Post, "chat.postMessage", accessToken, """{"channel":"C0GENERAL","text":"again"}""");
        Assert.True(string.CompareOrdinal(second.GetProperty("ts").GetString(), posted.GetProperty("ts").GetString()) > 0);
        Assert.Equal(["C0RANDOM", "C0GENERAL"], sandbox.State.Messages.Select(m => m.Channel));
    }

    [Fact]
    public async Task Conversations_list_pages_with_cursors()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var names = new List<string>();
        var cursor = "";
        var pages = 0;
        do
        {
            var (_, page) = await client.CallApiAsync(HttpMethod.Get, $"conversations.list?limit=2&exclude_archived=true&cursor={Uri.EscapeDataString(cursor)}", accessToken);
            Assert.True(page.GetProperty("ok").GetBoolean());
            var channels = page.GetProperty("channels").EnumerateArray().ToList();
            Assert.All(channels, c => Assert.True(c.GetProperty("is_channel").GetBoolean()));
            Assert.All(channels, c => Assert.Equal(JsonValueKind.Object, c.GetProperty("topic").ValueKind));
            names.AddRange(channels.Select(c => c.GetProperty("name").GetString()!));
            cursor = page.GetProperty("response_metadata").GetProperty("next_cursor").GetString()!;
            pages++;
        }
        while (cursor.Length > 0);

        Assert.Equal(2, pages);
        Assert.Equal(["general", "random", "dev", "support"], names);

        var (_, all) = await client.CallApiAsync(HttpMethod.Get, "conversations.list", accessToken);
        Assert.Equal(5, all.GetProperty("channels").GetArrayLength());
        Assert.Equal("", all.GetProperty("response_metadata").GetProperty("next_cursor").GetString());

        var (_, bad) = await client.CallApiAsync(HttpMethod.Get, "conversations.list?cursor=bm9wZQ==", accessToken);
        Assert.Equal("invalid_cursor", bad.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Auth_revoke_stops_the_token_and_unknown_methods_are_404()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var slack = sandbox.Provider("slack");
        using var client = new OAuthTestClient(slack);
        var token = await client.ConnectAsync();
        var accessToken = token.GetProperty("access_token").GetString();

        using var revoke = new HttpRequestMessage(HttpMethod.Post, slack.RevocationUrl);
        revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.Http.SendAsync(revoke);
        var revoked = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(revoked.GetProperty("ok").GetBoolean());
        Assert.True(revoked.GetProperty("revoked").GetBoolean());

        var (_, after) = await client.CallApiAsync(HttpMethod.Post, "auth.test", accessToken);
        Assert.Equal("invalid_auth", after.GetProperty("error").GetString());
        var refresh = await client.RefreshAsync(token.GetProperty("refresh_token").GetString()!);
        Assert.Equal("invalid_refresh_token", refresh.GetProperty("error").GetString());

        var (notFound, unknown) = await client.CallApiAsync(HttpMethod.Post, "chat.nope", accessToken);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("unknown_method", unknown.GetProperty("error").GetString());
    }
}
