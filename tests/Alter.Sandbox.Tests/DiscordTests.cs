using System.Net;
using System.Text.Json;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

public class DiscordTests
{
    [Fact]
    public async Task Token_endpoint_answers_discords_fields_refreshes_and_revokes()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var discord = sandbox.Provider("discord");
        using var client = new OAuthTestClient(discord);

        var (verifier, challenge) = OAuthTestClient.NewPkce();
        var code = (await client.AuthorizeAsync(challenge, scope: "identify email guilds"))["code"]!;
        var token = await client.ExchangeCodeAsync(code, verifier);

        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(43200, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("identify email guilds", token.GetProperty("scope").GetString());
        var accessToken = token.GetProperty("access_token").GetString()!;
        var refreshToken = token.GetProperty("refresh_token").GetString()!;

        var refreshed = await client.RefreshAsync(refreshToken);
        Assert.NotEqual(accessToken, refreshed.GetProperty("access_token").GetString());
        Assert.Equal(1, sandbox.State.RefreshRequests("discord"));

        async Task<(HttpStatusCode, JsonElement)> PostAsync(string url, Dictionary<string, string> form)
        {
            using var response = await client.Http.PostAsync(url, new FormUrlEncodedContent(form));
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (reusedStatus, reused) = await PostAsync(discord.TokenUrl, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri,
            ["client_id"] = discord.ClientId, ["client_secret"] = discord.ClientSecret,
        });
        Assert.Equal(HttpStatusCode.BadRequest, reusedStatus);
        Assert.Equal("invalid_grant", reused.GetProperty("error").GetString());
        Assert.Equal("Invalid \"code\" in request.", reused.GetProperty("error_description").GetString());

        var (badClientStatus, badClient) = await PostAsync(discord.TokenUrl, new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = discord.ClientId, ["client_secret"] = "nope",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, badClientStatus);
        Assert.Equal("invalid_client", badClient.GetProperty("error").GetString());

        var newAccessToken = refreshed.GetProperty("access_token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.CallApiAsync(HttpMethod.Get, "users/@me", newAccessToken)).Response.StatusCode);
        var (revoked, _) = await PostAsync(discord.RevocationUrl, new()
        {
            ["token"] = newAccessToken!, ["client_id"] = discord.ClientId, ["client_secret"] = discord.ClientSecret,
        });
        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.CallApiAsync(HttpMethod.Get, "users/@me", newAccessToken)).Response.StatusCode);
    }

    [Fact]
    public async Task Users_me_and_guilds_answer_discords_shapes_and_401_body()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("discord"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (ok, me) = await client.CallApiAsync(HttpMethod.Get, "users/@me", accessToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("80351110224678912", me.GetProperty("id").GetString());
        Assert.Equal("nelly", me.GetProperty("username").GetString());
        Assert.Equal("0", me.GetProperty("discriminator").GetString());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("banner").ValueKind);

        var (guildsOk, guilds) = await client.CallApiAsync(HttpMethod.Get, "users/@me/guilds", accessToken);
        Assert.Equal(HttpStatusCode.OK, guildsOk.StatusCode);
        Assert.Equal("Sandbox Guild", Assert.Single(guilds.EnumerateArray()).GetProperty("name").GetString());

        foreach (var token in new[] { null, "nope" })
        {
            var (denied, body) = await client.CallApiAsync(HttpMethod.Get, "users/@me", token);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Equal("401: Unauthorized", body.GetProperty("message").GetString());
            Assert.Equal(0, body.GetProperty("code").GetInt32());
        }

        sandbox.State.ExpireAccessTokens("discord");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.CallApiAsync(HttpMethod.Get, "users/@me", accessToken)).Response.StatusCode);
        Assert.Equal(5, sandbox.State.ApiRequests.Count(r => r.ProviderId == "discord"));
    }
}
