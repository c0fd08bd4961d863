using System.Net;
using System.Text.RegularExpressions;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

public class SlackOAuthTests
{
    [Fact]
    public async Task Full_dance_with_pkce_through_the_browser_then_post_a_message()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));
        using var catcher = new LoopbackCatcher();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        var state = Guid.NewGuid().ToString("N");

        var callbackTask = catcher.NextCallbackAsync();
        await SandboxBrowser.OpenAsync(new Uri(client.AuthorizeUrl(catcher.RedirectUri, state, challenge, "chat:write,channels:read")));
        var callback = await callbackTask;
        Assert.Equal(state, callback["state"]);
        Assert.Null(callback["error"]);

        var token = await client.ExchangeCodeAsync(callback["code"]!, verifier, catcher.RedirectUri);
        Assert.True(token.GetProperty("ok").GetBoolean());
        Assert.Equal("bot", token.GetProperty("token_type").GetString());
        Assert.Equal("chat:write,channels:read", token.GetProperty("scope").GetString());
        Assert.Equal(43200, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("T0SANDBOX", token.GetProperty("team").GetProperty("id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, token.GetProperty("enterprise").ValueKind);
        var accessToken = token.GetProperty("access_token").GetString()!;
        Assert.StartsWith("xoxe.xoxb-1-", accessToken, StringComparison.Ordinal);
        Assert.StartsWith("xoxe-1-", token.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);

        var (response, sent) = await client.CallApiAsync(HttpMethod.Post, "chat.postMessage", accessToken,
            """{"channel":"#general","text":"Hello from Alter."}""");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(sent.GetProperty("ok").GetBoolean());
        Assert.Equal("C0GENERAL", sent.GetProperty("channel").GetString());
        var ts = sent.GetProperty("ts").GetString()!;
        Assert.Matches(new Regex(@"^\d{10}\.\d{6}$"), ts);
        Assert.Equal("Hello from Alter.", sent.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("B0SANDBOX", sent.GetProperty("message").GetProperty("bot_id").GetString());

        Assert.Equal(new SandboxMessage("C0GENERAL", "Hello from Alter.", ts), Assert.Single(sandbox.State.Messages));
        Assert.Equal(1, sandbox.State.TokenRequests("slack"));
        Assert.Equal(0, sandbox.State.RefreshRequests("slack"));
        Assert.Equal(
            new SandboxRequest("slack", "POST", "/slack/api/chat.postMessage", "Bearer " + accessToken, 200),
            Assert.Single(sandbox.State.ApiRequests));
    }

    [Fact]
    public async Task Expired_token_answers_token_expired_and_refresh_rotates()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));
        var first = await client.ConnectAsync();
        var accessToken = first.GetProperty("access_token").GetString();
        var refreshToken = first.GetProperty("refresh_token").GetString()!;

        sandbox.State.ExpireAccessTokens("slack");
        var (_, expired) = await client.CallApiAsync(HttpMethod.Post, "auth.test", accessToken);
        Assert.False(expired.GetProperty("ok").GetBoolean());
        Assert.Equal("token_expired", expired.GetProperty("error").GetString());

        var refreshed = await client.RefreshAsync(refreshToken);
        Assert.True(refreshed.GetProperty("ok").GetBoolean());
        var newAccessToken = refreshed.GetProperty("access_token").GetString();
        var newRefreshToken = refreshed.GetProperty("refresh_token").GetString();
        Assert.NotEqual(accessToken, newAccessToken);
        Assert.NotEqual(refreshToken, newRefreshToken);

        var (_, who) = await client.CallApiAsync(HttpMethod.Post, "auth.test", newAccessToken);
        Assert.True(who.GetProperty("ok").GetBoolean());
        Assert.Equal("U0SANDBOX", who.GetProperty("user_id").GetString());

        var replay = await client.RefreshAsync(refreshToken);
        Assert.False(replay.GetProperty("ok").GetBoolean());
        Assert.Equal("invalid_refresh_token", replay.GetProperty("error").GetString());

        Assert.Equal(3, sandbox.State.TokenRequests("slack"));
        Assert.Equal(2, sandbox.State.RefreshRequests("slack"));
        Assert.Equal(0, sandbox.State.TokenRequests("github"));
    }

    [Fact]
    public async Task Access_token_expires_on_the_given_clock()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 11, 28, 4, 20, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = clock, AccessTokenLifetime = TimeSpan.FromHours(1) });
        using var client = new OAuthTestClient(sandbox.Provider("slack"));
        var token = await client.ConnectAsync();
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        var accessToken = token.GetProperty("access_token").GetString();

        clock.Advance(TimeSpan.FromMinutes(59));
        var (_, sent) = await client.CallApiAsync(HttpMethod.Post, "chat.postMessage", accessToken, """{"channel":"C0RANDOM","text":"hi"}""");
        Assert.Equal("1732771140.000100", sent.GetProperty("ts").GetString());

        clock.Advance(TimeSpan.FromMinutes(1));
        var (_, expired) = await client.CallApiAsync(HttpMethod.Post, "auth.test", accessToken);
        Assert.Equal("token_expired", expired.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Wrong_or_missing_pkce_verifier_is_rejected()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));

        var (_, challenge) = OAuthTestClient.NewPkce();
        var (otherVerifier, _) = OAuthTestClient.NewPkce();
        var wrong = await client.ExchangeCodeAsync((await client.AuthorizeAsync(challenge))["code"]!, otherVerifier);
        Assert.False(wrong.GetProperty("ok").GetBoolean());
        Assert.Equal("invalid_code", wrong.GetProperty("error").GetString());

        var missing = await client.ExchangeCodeAsync((await client.AuthorizeAsync(challenge))["code"]!, verifier: null);
        Assert.Equal("invalid_code", missing.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_is_single_use_and_bound_to_its_redirect_uri_and_client()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));

        var code = (await client.AuthorizeAsync())["code"]!;
        Assert.True((await client.ExchangeCodeAsync(code)).GetProperty("ok").GetBoolean());
        Assert.Equal("invalid_code", (await client.ExchangeCodeAsync(code)).GetProperty("error").GetString());

        var other = (await client.AuthorizeAsync())["code"]!;
        var mismatch = await client.ExchangeCodeAsync(other, redirectUri: "http://127.0.0.1:9/other");
        Assert.Equal("bad_redirect_uri", mismatch.GetProperty("error").GetString());

        var badSecret = await client.PostTokenAsync(new() { ["code"] = "x", ["client_secret"] = "nope" });
        Assert.Equal("bad_client_secret", badSecret.GetProperty("error").GetString());
        var badClient = await client.PostTokenAsync(new() { ["code"] = "x", ["client_id"] = "nope" });
        Assert.Equal("invalid_client_id", badClient.GetProperty("error").GetString());

        // HTTP Basic client authentication works as well as client_secret_post.
        var basic = await client.PostTokenAsync(
            new() { ["code"] = (await client.AuthorizeAsync())["code"], ["redirect_uri"] = OAuthTestClient.RedirectUri }, basicAuth: true);
        Assert.True(basic.GetProperty("ok").GetBoolean());
        Assert.Equal(6, sandbox.State.TokenRequests("slack"));
    }

    [Theory]
    [InlineData("https://evil.example/callback")]
    [InlineData("http://192.0.2.10:8080/callback")]
    [InlineData("https://127.0.0.1:8080/callback")]
    [InlineData("not a url")]
    public async Task Non_loopback_redirect_uri_is_refused_without_redirect(string redirectUri)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));

        using var response = await client.Http.GetAsync(client.AuthorizeUrl(redirectUri, "xyz"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The browser stops at the error page, like a person's would.
        await SandboxBrowser.OpenAsync(new Uri(client.AuthorizeUrl(redirectUri, "xyz")));
    }

    [Fact]
    public async Task Denied_consent_and_bad_pkce_method_redirect_with_an_error()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("slack"));

        var denied = await client.AuthorizeAsync(scope: "chat:write,sandbox:deny");
        Assert.Equal("access_denied", denied["error"]);
        Assert.Equal("xyz", denied["state"]);
        Assert.Null(denied["code"]);

        using var plain = await client.Http.GetAsync(client.AuthorizeUrl(OAuthTestClient.RedirectUri, "xyz") + "&code_challenge=abc&code_challenge_method=plain");
        Assert.Equal(HttpStatusCode.Found, plain.StatusCode);
        Assert.Contains("error=invalid_request", plain.Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_refresh_tokens_the_response_has_no_refresh_token_nor_expiry()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { UseRefreshTokens = false });
        using var client = new OAuthTestClient(sandbox.Provider("slack"));

        var token = await client.ConnectAsync();
        Assert.StartsWith("xoxb-", token.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.False(token.TryGetProperty("refresh_token", out _));
        Assert.False(token.TryGetProperty("expires_in", out _));
    }
}
