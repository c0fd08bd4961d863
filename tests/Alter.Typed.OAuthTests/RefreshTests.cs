using System.Net;

namespace Alter.Typed.OAuthTests;

/// <summary>Expired access tokens are refreshed once; with rolling refresh tokens, the rotated one is what the vault keeps.</summary>
public sealed class RefreshTests
{
    [Fact]
    public async Task Expired_access_token_is_refreshed_once_and_the_rotated_refresh_token_is_stored()
    {
        await using var world = await OAuthWorld.StartAsync();
        string grantId;
        await using (var app = world.OpenApp())
        {
            grantId = (await app.Connect([OAuthWorld.ProviderId]))[0].GrantId;
            var first = Assert.Single(world.Server.Issued.SuccessfulTokenResponses);
            Assert.Equal("authorization_code", first.GrantType);
            Assert.NotNull(first.RefreshToken);

            world.ExpireAccessTokens();
            using (var response = await app.Request(HttpMethod.Get, "me", grantId))
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            Assert.Equal(1, world.Server.Counters.RefreshRequests);
            var refreshed = world.Server.Issued.SuccessfulTokenResponses[^1];
            Assert.Equal("refresh_token", refreshed.GrantType);
            Assert.NotEqual(first.RefreshToken, refreshed.RefreshToken);           // the server rolled it
            Assert.Equal(1, world.Server.Counters.ApiRequests);                    // refreshed before the call: no rejected attempt
            var row = Assert.Single(await app.Audit(), r => r.Operation == "GET /api/me");
            Assert.True(row.TokenRefreshed);

            // The same app uses the new access token without refreshing again.
            using (var again = await app.Request(HttpMethod.Get, "me", grantId))
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(1, world.Server.Counters.RefreshRequests);
        }

        // A new app (a restarted process: empty cache) reads the vault: a second refresh works, so the vault holds the
        // rotated refresh token (the first one would be refused now).
        world.ExpireAccessTokens();
        await using (var restarted = world.OpenApp())
        {
            using var response = await restarted.Request(HttpMethod.Get, "me", grantId);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, world.Server.Counters.RefreshRequests);
            Assert.Equal(GrantStatus.Active, Assert.Single(restarted.ListGrants()).Status);
        }
        Assert.All(world.Server.Issued.TokenResponses, r => Assert.True(r.IsSuccess, r.ToString()));

        // Replaying the first refresh token straight at the server: refused, as reuse detection requires.
        var (status, body) = await world.Server.RedeemRefreshTokenAsync(world.Server.Issued.SuccessfulTokenResponses[0].RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"invalid_grant\"", body, StringComparison.Ordinal);
    }
}
