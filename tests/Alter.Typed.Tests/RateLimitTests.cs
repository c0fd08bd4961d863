using System.Diagnostics;
using System.Net;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>429s are honoured: retried after the provider's Retry-After, within a bound, then a typed error.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_429_with_retry_after_1_is_retried_after_the_delay_and_succeeds()
    {
        await using var world = await TestWorld.StartAsync(fakeTime: true);
        await using var app = world.OpenApp();
        await app.Connect(["slack"]);
        world.Sandbox.State.RateLimitNext("slack", count: 1, retryAfterSeconds: 1);

        // The wait is on the options' clock: move it in steps until the retry went, instead of waiting a real second.
        var pending = app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "patient" });
        var advanced = TimeSpan.Zero;
        while (!pending.IsCompleted && advanced < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(25);
            world.Time!.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
        }
        var sent = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(sent.Ok);
        Assert.True(advanced >= TimeSpan.FromSeconds(1), $"retried after {advanced}, before Retry-After");
        var calls = world.Sandbox.State.ApiRequests.Where(r => r.PathAndQuery.Contains("chat.postMessage")).Select(r => r.StatusCode).ToList();
        Assert.Equal([429, 200], calls);
        Assert.Single(world.Sandbox.State.Messages);                            // posted once, not twice
        var row = (await app.Audit()).First(r => r.Operation == "chat.postMessage");
        Assert.Equal("ok", row.Outcome);
        Assert.True(row.LatencyMs >= 1000);                                     // measured on the same clock
    }

    [Fact]
    public async Task A_provider_that_stays_limited_stops_after_the_bound_with_a_typed_error()
    {
        await using var world = await TestWorld.StartAsync();
        world.Options.MaxRetries = 2;
        await using var app = world.OpenApp();
        await app.Connect(["github"]);
        world.Sandbox.State.RateLimitNext("github", count: int.MaxValue, retryAfterSeconds: 0);

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.GitHub.Users.GetAuthenticated());

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("API rate limit exceeded", error.ErrorCode);
        Assert.Equal(3, world.Sandbox.State.ApiRequests.Count(r => r.PathAndQuery.EndsWith("/user", StringComparison.Ordinal)));  // first try + 2 retries
        Assert.Equal("provider_error:API rate limit exceeded", (await app.Audit()).First(r => r.Operation == "users/get-authenticated").Outcome);
    }

    [Fact]
    public async Task A_wait_longer_than_the_bound_is_not_waited_for()
    {
        await using var world = await TestWorld.StartAsync();
        world.Options.MaxRateLimitWait = TimeSpan.FromSeconds(5);
        await using var app = world.OpenApp();
        await app.Connect(["slack"]);
        world.Sandbox.State.RateLimitNext("slack", count: 1, retryAfterSeconds: 120);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Slack.Auth.Test());

        Assert.Equal("ratelimited", error.ErrorCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Single(world.Sandbox.State.ApiRequests, r => r.PathAndQuery.Contains("auth.test"));
    }
}
