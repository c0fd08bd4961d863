using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Alter.Typed.OAuthTests;

/// <summary>
/// The authorization server is as strict as the other tests assume: without these, a lenient fixture could make a
/// broken runtime pass. Each check goes straight at the server, without the runtime.
/// </summary>
public sealed class ServerFixtureTests
{
    [Theory]
    [InlineData(null, "ID2029")]        // PKCE required: "The mandatory 'code_challenge' parameter is missing."
    [InlineData("plain", "ID2032")]     // S256 only: "The specified 'code_challenge_method' is not supported."
    public async Task Authorize_requests_without_an_S256_challenge_are_refused(string? method, string expectedError)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await OpenIddictTestServer.StartAsync(time);
        using var browser = new FakeBrowser(server.BaseUri) { DeliverCallbacks = false };

        await browser.OpenAsync(ManualOAuthClient.AuthorizeUrl(server, challengeMethod: method), CancellationToken.None);

        // OpenIddict checks PKCE before it trusts the redirect URI, so it answers with an error page, not a redirect.
        var (status, page) = Assert.NotNull(browser.StoppedAt);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("error:invalid_request", page, StringComparison.Ordinal);
        Assert.Contains(expectedError, page, StringComparison.Ordinal);
        Assert.Empty(browser.ServerRedirects);
        Assert.Empty(server.Issued.Codes);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5555/callback", true)]       // registered as http://127.0.0.1/callback: any port (RFC 8252 §7.3)
    [InlineData("http://127.0.0.1:61234/callback", true)]
    [InlineData("http://127.0.0.1:5555/other", false)]         // another path
    [InlineData("http://localhost:5555/callback", false)]      // not an IP literal (RFC 8252 §8.3)
    [InlineData("https://127.0.0.1:5555/callback", false)]     // another scheme
    public async Task Loopback_redirect_uris_match_on_any_port_and_nothing_else(string redirectUri, bool accepted)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await OpenIddictTestServer.StartAsync(time);
        using var browser = new FakeBrowser(server.BaseUri) { DeliverCallbacks = false };

        await browser.OpenAsync(ManualOAuthClient.AuthorizeUrl(server, redirectUri), CancellationToken.None);

        if (accepted)
        {
            var redirect = Assert.Single(browser.ServerRedirects);
            Assert.StartsWith(redirectUri + "?", redirect.ToString(), StringComparison.Ordinal);
            Assert.NotNull(FakeBrowser.Query(redirect, "code"));
        }
        else
        {
            var (status, page) = Assert.NotNull(browser.StoppedAt);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("ID2043", page, StringComparison.Ordinal);
            Assert.Empty(server.Issued.Codes);
        }
    }

    [Fact]
    public async Task Protected_API_refuses_missing_and_forged_tokens_and_expired_ones_on_the_fake_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await OpenIddictTestServer.StartAsync(time);

        Assert.Equal(HttpStatusCode.Unauthorized, await server.CallApiAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await server.CallApiAsync("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));

        var accessToken = await ManualOAuthClient.GetAccessTokenAsync(server);
        Assert.Equal(HttpStatusCode.OK, await server.CallApiAsync(accessToken));
        time.Advance(TimeSpan.FromMinutes(61));                                       // the access token lives one hour
        Assert.Equal(HttpStatusCode.Unauthorized, await server.CallApiAsync(accessToken));
    }
}
