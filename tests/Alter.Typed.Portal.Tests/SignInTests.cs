using System.Net;

namespace Alter.Typed.Portal.Tests;

/// <summary>The standalone portal's sign-in: the admin key of this run only, an HttpOnly SameSite=Strict cookie, local return URLs.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task A_wrong_admin_key_is_refused_and_sets_no_session()
    {
        await using var world = await PortalWorld.StartAsync();
        foreach (var wrong in new[] { "alter_portal_" + new string('0', 48), world.Server.AdminKey + "x", world.Server.AdminKey[..^1], "" })
        {
            using var client = world.NewClient();
            using var response = await PortalWorld.PostFormAsync(client, "signin", "signin", new() { ["key"] = wrong });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(".alter.portal=", StringComparison.Ordinal));
            using var page = await client.GetAsync("");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        }
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict_and_sign_out_ends_it()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = world.NewClient();
        using (var response = await PortalWorld.PostFormAsync(client, "signin", "signin", new() { ["key"] = world.Server.AdminKey }))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".alter.portal=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).StatusCode);

        using (var signedOut = await PortalWorld.PostFormAsync(client, "", "signout", []))
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("")).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("http://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/apps/x/grants?provider=slack", "/apps/x/grants?provider=slack")]
    public async Task Sign_in_returns_only_to_a_page_of_the_portal(string returnUrl, string expected)
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = world.NewClient();
        var query = "?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        using var response = await PortalWorld.PostFormAsync(client, "signin" + query, "signin" + query, new() { ["key"] = world.Server.AdminKey });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }
}
