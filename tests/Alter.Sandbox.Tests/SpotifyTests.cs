using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

public class SpotifyTests
{
    [Fact]
    public async Task Accounts_token_endpoint_answers_spotifys_fields_and_refreshes()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var spotify = sandbox.Provider("spotify");
        using var client = new OAuthTestClient(spotify);

        var (verifier, challenge) = OAuthTestClient.NewPkce();
        var code = (await client.AuthorizeAsync(challenge, scope: "user-read-email user-read-private"))["code"]!;
        var token = await client.PostTokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri, ["code_verifier"] = verifier,
        }, basicAuth: true);

        Assert.Matches(new Regex("^BQ[A-Za-z0-9]{150}$"), token.GetProperty("access_token").GetString());
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(43200, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("user-read-email user-read-private", token.GetProperty("scope").GetString());
        var refreshToken = token.GetProperty("refresh_token").GetString()!;
        Assert.StartsWith("AQ", refreshToken, StringComparison.Ordinal);

        var refreshed = await client.PostTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, basicAuth: true);
        Assert.StartsWith("BQ", refreshed.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(token.GetProperty("access_token").GetString(), refreshed.GetProperty("access_token").GetString());
        Assert.Equal(1, sandbox.State.RefreshRequests("spotify"));

        async Task<(HttpStatusCode, JsonElement)> RawTokenAsync(Dictionary<string, string> form)
        {
            using var response = await client.Http.PostAsync(spotify.TokenUrl, new FormUrlEncodedContent(form));
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (reusedStatus, reused) = await RawTokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.RedirectUri,
            ["client_id"] = spotify.ClientId, ["client_secret"] = spotify.ClientSecret,
        });
        Assert.Equal(HttpStatusCode.BadRequest, reusedStatus);
        Assert.Equal("invalid_grant", reused.GetProperty("error").GetString());
        Assert.Equal("Invalid authorization code", reused.GetProperty("error_description").GetString());

        var (badRefreshStatus, badRefresh) = await RawTokenAsync(new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "AQnope", ["client_id"] = spotify.ClientId, ["client_secret"] = spotify.ClientSecret,
        });
        Assert.Equal(HttpStatusCode.BadRequest, badRefreshStatus);
        Assert.Equal("Invalid refresh token", badRefresh.GetProperty("error_description").GetString());

        var (badClientStatus, badClient) = await RawTokenAsync(new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = spotify.ClientId, ["client_secret"] = "nope",
        });
        Assert.Equal(HttpStatusCode.BadRequest, badClientStatus);
        Assert.Equal("invalid_client", badClient.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Me_answers_the_private_user_and_spotifys_401_bodies()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("spotify"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (ok, me) = await client.CallApiAsync(HttpMethod.Get, "me", accessToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("sandboxuser", me.GetProperty("id").GetString());
        Assert.Equal("user", me.GetProperty("type").GetString());
        Assert.Equal("spotify:user:sandboxuser", me.GetProperty("uri").GetString());
        Assert.Equal("premium", me.GetProperty("product").GetString());

        var (missing, missingBody) = await client.CallApiAsync(HttpMethod.Get, "me", null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(401, missingBody.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal("No token provided", missingBody.GetProperty("error").GetProperty("message").GetString());

        var (invalid, invalidBody) = await client.CallApiAsync(HttpMethod.Get, "me", "BQnope");
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.StatusCode);
        Assert.Equal("Invalid access token", invalidBody.GetProperty("error").GetProperty("message").GetString());

        sandbox.State.ExpireAccessTokens("spotify");
        var (expired, expiredBody) = await client.CallApiAsync(HttpMethod.Get, "me", accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("The access token expired", expiredBody.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(4, sandbox.State.ApiRequests.Count(r => r.ProviderId == "spotify"));
    }
}
