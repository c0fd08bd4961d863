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
}
