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

    [Fact]
    public async Task Zoom_token_endpoint_answers_invalid_grant_for_a_dead_refresh_token_and_400_for_a_bad_client()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var zoom = sandbox.Provider("zoom");
        using var client = new OAuthTestClient(zoom);

        var (deadStatus, dead) = await PostAsync(client, zoom.TokenUrl, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "nope" }, zoom.ClientId, zoom.ClientSecret);
        Assert.Equal(HttpStatusCode.BadRequest, deadStatus);
        Assert.Equal("""{"reason":"Invalid Token!","error":"invalid_grant"}""", dead);

        var (badClientStatus, badClient) = await PostAsync(client, zoom.TokenUrl, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "nope" }, zoom.ClientId, "wrong");
        Assert.Equal(HttpStatusCode.BadRequest, badClientStatus);
        Assert.Equal("""{"reason":"Invalid client_id or client_secret","error":"invalid_client"}""", badClient);
    }

    [Fact]
    public async Task Dropbox_token_endpoint_answers_its_error_bodies()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var dropbox = sandbox.Provider("dropbox");
        using var client = new OAuthTestClient(dropbox);

        var (deadStatus, dead) = await PostAsync(client, dropbox.TokenUrl, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "nope" }, dropbox.ClientId, dropbox.ClientSecret);
        Assert.Equal(HttpStatusCode.BadRequest, deadStatus);
        Assert.Equal("""{"error":"invalid_grant","error_description":"refresh token is invalid or revoked"}""", dead);

        var (badClientStatus, badClient) = await PostAsync(client, dropbox.TokenUrl, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "nope" }, dropbox.ClientId, "wrong");
        Assert.Equal(HttpStatusCode.BadRequest, badClientStatus);
        Assert.Equal("""{"error":"invalid_client: Invalid client_id or client_secret"}""", badClient);
    }

    [Fact]
    public async Task Microsoft_token_endpoint_answers_the_aadsts_texts()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var microsoft = sandbox.Provider("microsoft");
        using var client = new OAuthTestClient(microsoft);

        var (verifier, challenge) = OAuthTestClient.NewPkce();
        var code = (await client.AuthorizeAsync(challenge))["code"]!;
        var (mismatchStatus, mismatch) = await PostAsync(client, microsoft.TokenUrl, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier, ["redirect_uri"] = "http://127.0.0.1:9/other",
            ["client_id"] = microsoft.ClientId, ["client_secret"] = microsoft.ClientSecret,
        });
        Assert.Equal(HttpStatusCode.BadRequest, mismatchStatus);
        var description = JsonDocument.Parse(mismatch).RootElement.GetProperty("error_description").GetString()!;
        Assert.StartsWith(
            "AADSTS500112: The reply address 'http://127.0.0.1:9/other' does not match the reply address '" + OAuthTestClient.RedirectUri + "' provided when requesting Authorization code.",
            description,
            StringComparison.Ordinal);

        var (badSecretStatus, badSecret) = await PostAsync(client, microsoft.TokenUrl, new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "nope", ["client_id"] = microsoft.ClientId, ["client_secret"] = "wrong",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, badSecretStatus);
        Assert.StartsWith(
            "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + microsoft.ClientId + "'.",
            JsonDocument.Parse(badSecret).RootElement.GetProperty("error_description").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asana_errors_carry_the_help_line_and_an_unknown_task_is_not_a_recognized_id()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = new OAuthTestClient(sandbox.Provider("asana"));
        var accessToken = (await client.ConnectAsync()).GetProperty("access_token").GetString();
        const string Help = "For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors";

        var (missing, missingBody) = await client.CallApiAsync(HttpMethod.Get, "tasks/1234567890", accessToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = Assert.Single(missingBody.GetProperty("errors").EnumerateArray());
        Assert.Equal("task: Not a recognized ID: 1234567890", error.GetProperty("message").GetString());
        Assert.Equal(Help, error.GetProperty("help").GetString());

        var (denied, deniedBody) = await client.CallApiAsync(HttpMethod.Get, "users/me", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(Help, Assert.Single(deniedBody.GetProperty("errors").EnumerateArray()).GetProperty("help").GetString());
    }

    /// <summary>POSTs a token endpoint form (with HTTP Basic when a client id is given) and returns the status and the raw body.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(
        OAuthTestClient client, string url, Dictionary<string, string> form, string? basicId = null, string? basicSecret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        if (basicId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basicId}:{basicSecret}")));
        }

        using var response = await client.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
