using System.Net;
using System.Text.Json;

namespace Alter.Typed.OAuthTests;

/// <summary>
/// A real browser drives the browser leg of Connect: headless Debian Chromium (through Playwright) loads OpenIddict's
/// authorize endpoint, follows its 302 to the runtime's loopback listener, and the runtime completes the Connect.
/// Needs <c>/usr/bin/chromium</c> (<c>apt-get install -y chromium</c>); without it the test fails, it does not skip.
/// Filter it out with <c>--filter Category!=Browser</c>.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ChromiumConnectTests
{
    [Fact]
    public async Task Headless_Chromium_completes_Connect_through_the_loopback_redirect()
    {
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp(world.CreateOptions(openBrowser: chromium.OpenAsync));

        var result = (await app.Connect([OAuthWorld.ProviderId]))[0];

        // The browser really went to the server, and ended on the runtime's loopback page.
        Assert.Contains(world.Server.Counters.AuthorizeUserAgents, ua => ua.Contains("HeadlessChrome", StringComparison.Ordinal));
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/callback\?", chromium.Page.Url);
        Assert.Equal(200, chromium.LastResponse?.Status);
        Assert.Contains("is connected", await chromium.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, world.Server.Counters.CodeExchanges);

        var grant = Assert.Single(app.ListGrants());
        Assert.Equal((result.GrantId, Principal.ForApp(app.Info.Id), GrantStatus.Active), (grant.Id, grant.Owner, grant.Status));
        using var response = await app.Request(HttpMethod.Get, "me", result.GrantId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(TestUser.Subject, body.RootElement.GetProperty("sub").GetString());
    }
}
