using System.Net;

namespace Alter.Typed.Portal.Tests;

/// <summary>
/// Nothing of the portal without sign-in, and no change without the form's antiforgery token. The endpoints come from
/// the host's EndpointDataSource: a page added later is checked too.
/// </summary>
public sealed class AccessTests
{
    /// <summary>The only endpoints open before sign-in: the sign-in page, its form, and its stylesheet.</summary>
    private static readonly string[] Open = ["GET /signin", "POST /signin", "GET /portal.css"];

    [Fact]
    public async Task Every_page_and_endpoint_answers_401_or_a_redirect_to_sign_in_without_a_session()
    {
        await using var world = await PortalWorld.StartAsync();
        var endpoints = PortalEndpointList.Read(world);
        Assert.True(endpoints.Count >= 20, $"Only {endpoints.Count} portal endpoints were found: {string.Join(", ", endpoints)}");
        Assert.Equal(Open.Order(), endpoints.Where(e => e.Anonymous).Select(e => e.ToString()).Order());

        using var client = world.NewClient();
        foreach (var endpoint in endpoints.Where(e => !e.Anonymous))
        {
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), PortalEndpointList.Fill(endpoint.Pattern, world));
            if (endpoint.Method == "POST") request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" });
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Redirect)
                Assert.Equal("/signin", new Uri(world.Server.Url, response.Headers.Location!).AbsolutePath);
            else
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint} answered {(int)response.StatusCode} without sign-in.");
        }
    }

    [Fact]
    public async Task Every_form_post_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var before = world.Snapshot();
        var posts = PortalEndpointList.Read(world).Where(e => e.Method == "POST").ToList();
        Assert.Contains(posts, e => e.Pattern == "/apps/{app}/keys");
        var fields = new Dictionary<string, string>
        {
            ["name"] = "forged", ["key"] = world.Server.AdminKey, ["provider"] = "slack", ["clientId"] = "forged", ["clientSecret"] = "forged",
            ["mode"] = "revoke", ["reason"] = "forged",
        };
        foreach (var endpoint in posts)
        {
            var url = PortalEndpointList.Fill(endpoint.Pattern, world);
            using (var missing = await client.PostAsync(url, new FormUrlEncodedContent(fields)))
                Assert.True(missing.StatusCode == HttpStatusCode.BadRequest, $"{endpoint} without a token answered {(int)missing.StatusCode}.");
            using (var wrong = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = "CfDJ8forged" })))
                Assert.True(wrong.StatusCode == HttpStatusCode.BadRequest, $"{endpoint} with a forged token answered {(int)wrong.StatusCode}.");
        }
        Assert.Equal(before, world.Snapshot());
    }
}
