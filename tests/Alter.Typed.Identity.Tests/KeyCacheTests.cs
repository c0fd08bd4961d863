using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alter.Typed.Identity.Tests;

/// <summary>
/// The issuer's keys: cached, refetched at most once per interval for an unknown key id, rotated, and kept when the issuer
/// is down. The validator has the defaults: JwksRefreshInterval 5 minutes, JwksAutoRefresh 1 hour.
/// </summary>
public sealed class KeyCacheTests : IssuerTests
{
    [Fact]
    public async Task Unknown_key_id_refetches_once_per_interval_then_is_refused()
    {
        await Validator.ValidateAsync(Issuer.Token());
        Assert.Equal(1, Issuer.JwksFetches);
        Time.Advance(TimeSpan.FromMinutes(5));

        // One refetch for an unknown kid (the key might be new), then refused.
        var ghost1 = SignedWith(TestKey.Rsa("ghost-1"));
        await Refused(ghost1, "unknown_key");
        Assert.Equal(2, Issuer.JwksFetches);

        // Within the interval: refused with no fetch, for this kid and any other.
        await Refused(ghost1, "unknown_key");
        await Refused(SignedWith(TestKey.Rsa("ghost-2")), "unknown_key");
        Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await Refused(SignedWith(TestKey.Rsa("ghost-3")), "unknown_key");
        Assert.Equal(2, Issuer.JwksFetches);

        // The interval over: one more fetch.
        Time.Advance(TimeSpan.FromSeconds(1));
        await Refused(SignedWith(TestKey.Rsa("ghost-4")), "unknown_key");
        Assert.Equal(3, Issuer.JwksFetches);
        // Known keys never needed a fetch, nor did the discovery document get read again.
        Assert.Equal("alice", (await Validator.ValidateAsync(Issuer.Token())).Subject);
        Assert.Equal((1, 3), (Issuer.DiscoveryFetches, Issuer.JwksFetches));
    }

    [Fact]
    public async Task Unknown_key_id_on_a_cold_cache_costs_one_fetch()
    {
        await Refused(SignedWith(TestKey.Rsa("ghost-1")), "unknown_key");
        Assert.Equal(1, Issuer.JwksFetches);
        // The fetch that filled the cache counts: the issuer's rotated key is not looked for again at once.
        Assert.Equal("alice", (await Validator.ValidateAsync(Issuer.Token())).Subject);
        Assert.Equal(1, Issuer.JwksFetches);
    }

    [Fact]
    public async Task Key_rotation_at_the_issuer_is_picked_up_without_restart()
    {
        var before = Issuer.Token();
        Assert.Equal("alice", (await Validator.ValidateAsync(before)).Subject);
        Time.Advance(TimeSpan.FromMinutes(6));

        Issuer.Rotate(TestKeys.Rsa2);
        var after = Issuer.Token();
        Assert.Equal("alice", (await Validator.ValidateAsync(after)).Subject);
        Assert.Equal(2, Issuer.JwksFetches);

        // The retired key is no longer published: its tokens are refused (still unexpired, but unknown now).
        await Refused(before, "unknown_key");
        Assert.Equal(2, Issuer.JwksFetches);
    }

    [Fact]
    public async Task Keys_are_refreshed_after_the_auto_refresh_time_and_a_retired_key_stops_working()
    {
        Assert.Equal("alice", (await Validator.ValidateAsync(Issuer.Token())).Subject);
        Issuer.Publish(TestKeys.Rsa2);
        Issuer.Retire(TestKeys.Rsa1);

        // Within the hour the cached key still works; after it, the keys (and discovery) are read again.
        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("alice", (await Validator.ValidateAsync(Issuer.Token())).Subject);   // tokens are minted at the clock's now
        Assert.Equal((1, 1), (Issuer.DiscoveryFetches, Issuer.JwksFetches));

        Time.Advance(TimeSpan.FromMinutes(1));
        var retired = Issuer.Token();   // still signed with the retired rsa-1
        await Refused(retired, "unknown_key");
        Assert.Equal((2, 2), (Issuer.DiscoveryFetches, Issuer.JwksFetches));
    }

    [Fact]
    public async Task Cached_keys_keep_working_while_the_issuer_is_down()
    {
        Assert.Equal("alice", (await Validator.ValidateAsync(Issuer.Token())).Subject);
        Issuer.Down = true;
        Time.Advance(TimeSpan.FromHours(2));   // past the auto refresh: the refetch fails, the keys in hand stay

        var later = Issuer.Token();
        Assert.Equal("alice", (await Validator.ValidateAsync(later)).Subject);
        Assert.Equal("alice", (await Validator.ValidateAsync(later)).Subject);
        Assert.Equal(2, Issuer.DiscoveryFetches);   // one failed attempt, then none within the interval
    }

    [Fact]
    public async Task Issuer_back_up_after_an_outage_is_fetched_again_after_the_interval()
    {
        Issuer.Down = true;
        await Refused(Issuer.Token(), "keys_unavailable");
        Issuer.Down = false;

        // Within the interval the failed fetch is not retried; after it, it is.
        await Refused(Issuer.Token(), "keys_unavailable");
        Assert.Equal(1, Issuer.DiscoveryFetches);
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("alice", (await Validator.ValidateAsync(Issuer.Token())).Subject);
        Assert.Equal((2, 1), (Issuer.DiscoveryFetches, Issuer.JwksFetches));
    }

    [Fact]
    public async Task Concurrent_validations_on_a_cold_cache_fetch_once()
    {
        var token = Issuer.Token();

        var principals = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await Validator.ValidateAsync(token))));

        Assert.All(principals, p => Assert.Equal("alice", p.Subject));
        Assert.Equal((1, 1), (Issuer.DiscoveryFetches, Issuer.JwksFetches));
    }

    [Fact]
    public async Task Fetches_are_logged_without_any_token()
    {
        using var logs = new FakeLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var validator = Issuer.Validator(o => o.LoggerFactory = loggers);
        var token = Issuer.Token();

        Issuer.Down = true;
        await Assert.ThrowsAsync<InvalidUserTokenException>(async () => await validator.ValidateAsync(token));
        Issuer.Down = false;
        Time.Advance(TimeSpan.FromMinutes(5));
        await validator.ValidateAsync(token);

        var records = logs.Collector.GetSnapshot();
        Assert.Collection(records,
            failed =>
            {
                Assert.Equal(LogLevel.Warning, failed.Level);
                Assert.Contains("503", failed.Message, StringComparison.Ordinal);
                Assert.Contains(Issuer.Issuer, failed.Message, StringComparison.Ordinal);
            },
            fetched =>
            {
                Assert.Equal(LogLevel.Debug, fetched.Level);
                Assert.Contains("Fetched 1 signing keys", fetched.Message, StringComparison.Ordinal);
            });
        Assert.All(records, r => Assert.All(token.Split('.'), part => Assert.DoesNotContain(part, r.Message, StringComparison.Ordinal)));
    }

    private string SignedWith(TestKey key)
        => Issuer.Token(d => d.SigningCredentials = new(key.SecurityKey, key.Algorithm));

    private async Task Refused(string token, string reason)
    {
        var refused = await Assert.ThrowsAsync<InvalidUserTokenException>(async () => await Validator.ValidateUserAsync(token));
        Assert.Equal(reason, refused.Reason);
    }
}
