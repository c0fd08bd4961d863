using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

/// <summary>
/// The RFC 7009-style revoke endpoints (token and client credentials in the form or HTTP Basic): each provider's
/// answer to a bad client, its success answer, and that the revoked access token stops working on the API.
/// </summary>
public class RevokeEndpointTests
{
    [Theory]
    [InlineData("box", "users/me", 400, """{"error":"invalid_client","error_description":"The client credentials are invalid"}""", 200, "")]
    [InlineData("asana", "users/me", 401, """{"error":"invalid_client","error_description":"The client_id or client_secret is invalid."}""", 200, "")]
    [InlineData("gitlab", "user", 403, """{"error":"unauthorized_client","error_description":"You are not authorized to revoke this token"}""", 200, "{}")]
    [InlineData("discord", "users/@me", 401, """{"error":"invalid_client"}""", 200, "{}")]
    public async Task Revoke_answers_the_providers_bodies_and_stops_the_token(
        string providerId, string apiPath, int badClientStatus, string badClientBody, int revokedStatus, string revokedBody)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var provider = sandbox.Provider(providerId);
        using var client = new OAuthTestClient(provider);
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.CallApiAsync(HttpMethod.Get, apiPath, accessToken)).Response.StatusCode);

        async Task<(int Status, string Body)> RevokeAsync(Dictionary<string, string> form, bool basicAuth = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, provider.RevocationUrl) { Content = new FormUrlEncodedContent(form) };
            if (basicAuth)
            {
                var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{provider.ClientId}:{provider.ClientSecret}"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
            }

            using var response = await client.Http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        // A wrong secret, or no client at all: the provider's own error, and the token still works.
        Assert.Equal((badClientStatus, badClientBody),
            await RevokeAsync(new() { ["token"] = accessToken, ["client_id"] = provider.ClientId, ["client_secret"] = "nope" }));
        Assert.Equal((badClientStatus, badClientBody), await RevokeAsync(new() { ["token"] = accessToken }));
        Assert.Equal(HttpStatusCode.OK, (await client.CallApiAsync(HttpMethod.Get, apiPath, accessToken)).Response.StatusCode);

        // No token, or an unknown one: the success answer all the same (RFC 7009 §2.2).
        Assert.Equal((revokedStatus, revokedBody), await RevokeAsync(new() { ["client_id"] = provider.ClientId, ["client_secret"] = provider.ClientSecret }));
        Assert.Equal((revokedStatus, revokedBody), await RevokeAsync(new() { ["token"] = "unknown" }, basicAuth: true));

        // The access token, client credentials in HTTP Basic: revoked.
        Assert.Equal((revokedStatus, revokedBody), await RevokeAsync(new() { ["token"] = accessToken }, basicAuth: true));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.CallApiAsync(HttpMethod.Get, apiPath, accessToken)).Response.StatusCode);
    }

    [Theory]
    [InlineData("box", "users/me")]
    [InlineData("asana", "users/me")]
    [InlineData("gitlab", "user")]
    [InlineData("discord", "users/@me")]
    public async Task Revoking_the_refresh_token_alone_ends_the_grant_and_its_access_tokens(string providerId, string apiPath)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var provider = sandbox.Provider(providerId);
        using var client = new OAuthTestClient(provider);
        var tokens = await client.ConnectAsync();
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        using var revoke = new HttpRequestMessage(HttpMethod.Post, provider.RevocationUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = refreshToken, ["token_type_hint"] = "refresh_token", ["client_id"] = provider.ClientId, ["client_secret"] = provider.ClientSecret,
            }),
        };
        using (var revoked = await client.Http.SendAsync(revoke)) Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.CallApiAsync(HttpMethod.Get, apiPath, accessToken)).Response.StatusCode);
        using var refresh = await client.Http.PostAsync(provider.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = provider.ClientId, ["client_secret"] = provider.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
    }
}
