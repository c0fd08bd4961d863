using System.Net;

namespace Alter.Typed.OAuthTests;

/// <summary>
/// Two apps on one store act like two processes: each has its own in-memory token cache, both read the same vault.
/// When one rotates the refresh token, the other must pick up the new tokens from the vault, not kill the grant.
/// </summary>
public sealed class RotationRaceTests
{
    [Fact]
    public async Task App_with_stale_cached_tokens_uses_the_tokens_another_app_rotated_into_the_vault()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var appA = world.OpenApp();
        await using var appB = world.OpenApp();
        var grantId = (await appA.Connect([OAuthWorld.ProviderId]))[0].GrantId;
        foreach (var app in new[] { appA, appB })
        {
            using var warm = await app.Request(HttpMethod.Get, "me", grantId);        // both caches now hold the first tokens
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        world.ExpireAccessTokens();
        using (var a = await appA.Request(HttpMethod.Get, "me", grantId))
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(1, world.Server.Counters.RefreshRequests);

        using (var b = await appB.Request(HttpMethod.Get, "me", grantId))
            Assert.Equal(HttpStatusCode.OK, b.StatusCode);

        Assert.Equal(1, world.Server.Counters.RefreshRequests);                       // B re-read the vault instead of refreshing
        Assert.Equal(GrantStatus.Active, Assert.Single(appB.ListGrants()).Status);
        Assert.All(world.Server.Issued.TokenResponses, r => Assert.True(r.IsSuccess, r.ToString()));
    }

    /// <summary>
    /// The real race: B read the vault (old refresh token) just before A rotated it, so B's refresh request carries a
    /// refresh token the server has already redeemed. The runtime's answer to the <c>invalid_grant</c> is to re-read the
    /// vault and use A's tokens. But a server with reuse detection (OpenIddict with no leeway; RFC 9700 §4.14.2) treats
    /// the replay as theft and revokes the whole chain, A's new tokens included, so the grant dies anyway.
    /// </summary>
    [Fact]
    public async Task Concurrent_refresh_in_two_apps_keeps_the_grant_alive_at_a_server_with_reuse_detection()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var appA = world.OpenApp();
        var grantId = (await appA.Connect([OAuthWorld.ProviderId]))[0].GrantId;

        // B has read the vault and is about to send its refresh request: A's call starts now. Today A refreshes at once
        // and B then sends the refresh token A just rotated away. With a cross-process refresh lease, A waits for B
        // instead, so the gate waits for A only a little before letting B's request go.
        Task<HttpResponseMessage>? callA = null;
        await using var appB = world.OpenApp(world.CreateOptions(primaryHandler: new RefreshGateHandler(async () =>
        {
            callA = appA.Request(HttpMethod.Get, "me", grantId);
            await Task.WhenAny(callA, Task.Delay(TimeSpan.FromSeconds(2)));
        })));

        world.ExpireAccessTokens();
        using (var b = await appB.Request(HttpMethod.Get, "me", grantId))
            Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        using (var a = await callA!.WaitAsync(TimeSpan.FromSeconds(10)))
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(1, world.Server.Counters.RefreshRequests);                       // one refresh across both "processes"
        Assert.Equal(GrantStatus.Active, Assert.Single(appB.ListGrants()).Status);

        // And the grant keeps working through the next refresh.
        world.ExpireAccessTokens();
        using (var later = await appA.Request(HttpMethod.Get, "me", grantId))
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(GrantStatus.Active, Assert.Single(appA.ListGrants()).Status);
    }
}
