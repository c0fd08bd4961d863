using System.Net;

namespace Alter.Typed.OAuthTests;

/// <summary>Refresh is single-flight per grant: a burst of calls on an expired grant costs one token request.</summary>
public sealed class ConcurrentRefreshTests
{
    [Fact]
    public async Task Hundred_concurrent_calls_on_an_expired_grant_cause_exactly_one_refresh()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect([OAuthWorld.ProviderId]))[0].GrantId;
        world.ExpireAccessTokens();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => app.Request(HttpMethod.Get, "me", grantId)));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }

        Assert.Equal(1, world.Server.Counters.RefreshRequests);
        Assert.Equal(2, world.Server.Counters.TokenRequests);                        // the code exchange and one refresh
        Assert.Equal(100, world.Server.Counters.ApiRequests);                        // no call was rejected and retried
        var calls = (await app.Audit(new AuditQuery { Limit = 1000 })).Where(r => r.Operation == "GET /api/me").ToList();
        Assert.Equal(100, calls.Count);
        Assert.Single(calls, r => r.TokenRefreshed);
        Assert.All(calls, r => Assert.Equal("ok", r.Outcome));
    }
}
