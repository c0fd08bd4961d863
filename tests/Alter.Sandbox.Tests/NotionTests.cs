using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

public class NotionTests
{
    [Fact]
    public async Task Token_endpoint_takes_basic_client_auth_and_answers_notions_fields()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var notion = sandbox.Provider("notion");
        using var client = new OAuthTestClient(notion);

        var (verifier, challenge) = OAuthTestClient.NewPkce();
        var code = (await client.AuthorizeAsync(challenge))["code"]!;
        var token = await client.PostTokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri, ["code_verifier"] = verifier,
        }, basicAuth: true);

        Assert.StartsWith("ntn_", token.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.StartsWith("nrt_", token.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("bot_id").GetString()));
        Assert.Equal("Sandbox Workspace", token.GetProperty("workspace_name").GetString());
        Assert.Equal(JsonValueKind.Null, token.GetProperty("workspace_icon").ValueKind);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("workspace_id").GetString()));
        Assert.Equal("user", token.GetProperty("owner").GetProperty("type").GetString());
        Assert.Equal("ada@example.com", token.GetProperty("owner").GetProperty("user").GetProperty("person").GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, token.GetProperty("duplicated_template_id").ValueKind);
        Assert.False(token.TryGetProperty("scope", out _));
        Assert.False(token.TryGetProperty("expires_in", out _));

        var refreshed = await client.PostTokenAsync(new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = token.GetProperty("refresh_token").GetString(),
        }, basicAuth: true);
        Assert.StartsWith("ntn_", refreshed.GetProperty("access_token").GetString(), StringComparison.Ordinal);

        // Client credentials in the form instead of HTTP Basic: Notion refuses them.
        using var post = await client.Http.PostAsync(notion.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = "nope", ["redirect_uri"] = OAuthTestClient.RedirectUri,
            ["client_id"] = notion.ClientId, ["client_secret"] = notion.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        // A code used twice.
        using var again = new HttpRequestMessage(HttpMethod.Post, notion.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri,
            }),
        };
        again.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{notion.ClientId}:{notion.ClientSecret}")));
        using var reused = await client.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", JsonDocument.Parse(await reused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Users_me_needs_a_valid_token_and_the_notion_version_header()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var notion = sandbox.Provider("notion");
        using var client = new OAuthTestClient(notion);
        var code = (await client.AuthorizeAsync())["code"]!;
        var accessToken = (await client.PostTokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri,
        }, basicAuth: true)).GetProperty("access_token").GetString()!;

        async Task<(HttpStatusCode Status, JsonElement Body)> MeAsync(string? token, bool version = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, notion.ApiBaseUrl + "users/me");
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (version) request.Headers.Add("Notion-Version", "2025-09-03");
            using var response = await client.Http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (status, me) = await MeAsync(accessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("user", me.GetProperty("object").GetString());
        Assert.Equal("bot", me.GetProperty("type").GetString());
        Assert.Equal("Sandbox Workspace", me.GetProperty("bot").GetProperty("workspace_name").GetString());
        Assert.Equal("user", me.GetProperty("bot").GetProperty("owner").GetProperty("type").GetString());

        foreach (var token in new[] { null, "ntn_unknown" })
        {
            var (denied, error) = await MeAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, denied);
            Assert.Equal("error", error.GetProperty("object").GetString());
            Assert.Equal(401, error.GetProperty("status").GetInt32());
            Assert.Equal("unauthorized", error.GetProperty("code").GetString());
            Assert.Equal("API token is invalid.", error.GetProperty("message").GetString());
            Assert.True(Guid.TryParse(error.GetProperty("request_id").GetString(), out _));
        }

        var (noVersion, versionError) = await MeAsync(accessToken, version: false);
        Assert.Equal(HttpStatusCode.BadRequest, noVersion);
        Assert.Equal("missing_version", versionError.GetProperty("code").GetString());

        sandbox.State.ExpireAccessTokens("notion");
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(accessToken)).Status);
        Assert.Contains(sandbox.State.ApiRequests, r => r.ProviderId == "notion" && r.StatusCode == 401);
    }
}
