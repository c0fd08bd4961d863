using System.Net;

namespace Alter.Typed.Portal.Tests;

/// <summary>The portal's frame: sign-in with the admin key, one page, one change.</summary>
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
        var html = await client.GetStringAsync("");
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("acme", html, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", html, StringComparison.Ordinal);
    }
}
