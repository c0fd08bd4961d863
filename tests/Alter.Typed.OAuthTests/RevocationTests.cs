using System.Net;

namespace Alter.Typed.OAuthTests;

/// <summary>A grant revoked at the server fails with <see cref="ReauthRequiredException"/> and is marked for re-authorization.</summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task Tokens_revoked_at_the_server_make_the_next_call_fail_with_reauth_required()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect([OAuthWorld.ProviderId]))[0].GrantId;
        using (var before = await app.Request(HttpMethod.Get, "me", grantId))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        // The user revokes the app at the provider: its refresh token and access token go through the revocation endpoint.
        var issued = Assert.Single(world.Server.Issued.SuccessfulTokenResponses);
        Assert.Equal(HttpStatusCode.OK, (await world.Server.RevokeAsync(issued.RefreshToken!, "refresh_token")).Status);
        Assert.Equal(HttpStatusCode.OK, (await world.Server.RevokeAsync(issued.AccessToken!, "access_token")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await world.Server.CallApiAsync(issued.AccessToken));

        var error = await Assert.ThrowsAsync<ReauthRequiredException>(() => app.Request(HttpMethod.Get, "me", grantId));

        Assert.Equal(grantId, error.GrantId);
        Assert.Equal(OAuthWorld.ProviderId, error.Provider);
        world.AssertNoSecretIn(error.Message);
        Assert.Equal(1, world.Server.Counters.RefreshRequests);                      // 401 → one refresh attempt → refused
        Assert.Equal("invalid_grant", world.Server.Issued.TokenResponses[^1].Error);
        Assert.Equal(GrantStatus.ReauthRequired, Assert.Single(app.ListGrants()).Status);

        // The dead grant is not tried again: the next call fails before anything is sent.
        var apiRequests = world.Server.Counters.ApiRequests;
        await Assert.ThrowsAsync<ReauthRequiredException>(() => app.Request(HttpMethod.Get, "me", grantId));
        Assert.Equal(apiRequests, world.Server.Counters.ApiRequests);
        Assert.Equal(1, world.Server.Counters.RefreshRequests);
        Assert.Contains(await app.Audit(), r => r.Operation == "GET /api/me" && r.Outcome == "reauth_required");
    }

    [Fact]
    public async Task RevokeGrant_revokes_the_refresh_token_at_the_server_with_RFC_7009_then_forgets_the_grant()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect([OAuthWorld.ProviderId]))[0].GrantId;
        var issued = Assert.Single(world.Server.Issued.SuccessfulTokenResponses);

        Assert.True(await app.RevokeGrant(grantId));

        // Revoking the refresh token revoked the whole grant at the server: neither token works any more.
        Assert.Equal(HttpStatusCode.Unauthorized, await world.Server.CallApiAsync(issued.AccessToken));
        Assert.NotEqual(HttpStatusCode.OK, (await world.Server.RedeemRefreshTokenAsync(issued.RefreshToken!)).Status);
        Assert.Empty(app.ListGrants());
        Assert.Equal((0L, 0L), world.VaultRows());
        var row = (await app.Audit()).First();
        Assert.Equal(("grant.revoke", "revoked", grantId), (row.Operation, row.Outcome, row.GrantId));
        await Assert.ThrowsAsync<GrantNotFoundException>(() => app.Request(HttpMethod.Get, "me", grantId));
    }
}
