using System.Net;

namespace Alter.Typed.Portal.Tests;

/// <summary>The portal's frame: sign-in with the admin key, the layout and its security headers.</summary>
public sealed class SkeletonTests
{
    [Fact]
    public async Task Signs_in_with_the_admin_key_and_shows_the_apps()
    {
        await using var world = await PortalWorld.StartAsync();
        using var anonymous = world.NewClient();
        using (var refused = await anonymous.GetAsync(""))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/signin", new Uri(world.Server.Url, refused.Headers.Location!).AbsolutePath);
        }

        using var client = await world.SignInAsync();
        using var home = await client.GetAsync("");
        var html = await home.Content.ReadAsStringAsync();
        // No script, no framing, forms only to the portal, nothing kept by the browser.
        var csp = string.Join(";", home.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", home.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", home.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("acme", html, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", html, StringComparison.Ordinal);
    }
}
