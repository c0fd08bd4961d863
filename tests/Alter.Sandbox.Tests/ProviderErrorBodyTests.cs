using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alter.Sandbox.Tests.Support;

namespace Alter.Sandbox.Tests;

/// <summary>Answers of the emulations checked against what the providers answer (the sources are in the emulations' comments and commits).</summary>
public class ProviderErrorBodyTests
{
    [Fact]
    public async Task GitLab_current_user_has_the_documented_fields_and_no_skype()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("gitlab"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();

        var (response, user) = await client.CallApiAsync(HttpMethod.Get, "user", accessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var field in new[] { "github", "followers", "following", "preferred_language", "commit_email", "two_factor_enabled" })
        {
            Assert.True(user.TryGetProperty(field, out _), field);
        }

        Assert.False(user.TryGetProperty("skype", out _));
    }

    [Fact]
    public async Task HubSpot_expired_token_401_carries_the_expire_time_context()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("hubspot"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();
        sandbox.State.ExpireAccessTokens("hubspot");

        var (response, body) = await client.CallApiAsync(HttpMethod.Get, "crm/v3/objects/contacts", accessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["status", "message", "correlationId", "category", "context"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("EXPIRED_AUTHENTICATION", body.GetProperty("category").GetString());
        var expireTime = Assert.Single(body.GetProperty("context").GetProperty("expire time").EnumerateArray()).GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", expireTime);
    }
}
