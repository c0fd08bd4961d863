using Alter.Typed.Audit;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Every filter of <see cref="AuditQuery"/> against a real store: what the portal's audit view and `alter audit` filter by.</summary>
public sealed class AuditQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_795_845_467_000);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-audit-query-" + Guid.NewGuid().ToString("N"));
    private AuditLog _log = null!;

    public async Task InitializeAsync()
    {
        var options = new AlterOptions { DatabasePath = Path.Combine(_directory, "alter.db") };
        var admin = AlterAdmin.Open(options);
        var appId = admin.CreateApp("query-tests").Id;
        var otherAppId = admin.CreateApp("other-app").Id;
        var db = new SqliteDatabase(options.DatabasePath);
        var keys = AuditChainKeys.From(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _log = new AuditLog(db, appId, keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);
        // Rows at T0 + i seconds: i = 0..5.
        Write(0, "query-tests", "slack", "chat.postMessage", 200, "ok");
        Write(1, "agent agent_1", "slack", "chat.postMessage", 0, "denied:policy:no_rule");
        Write(2, "query-tests", "github", "users/get-authenticated", 200, "ok");
        Write(3, "query-tests", "github", "repos/list", 404, "provider_error:404");
        Write(4, "agent agent_1", "github", "repos/list", 0, "denied:delegation:revoked");
        Write(5, "query-tests", "slack", "chat.postMessage", 0, "den%ed:x");
        await _log.FlushAsync();
        // Another app's row matches every filter below and must never be returned.
        await using var other = new AuditLog(db, otherAppId, keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);
        other.Write(new AuditEntry(T0.AddSeconds(2), "agent agent_1", "u", "github", "repos/list", "g", "GET", null, "h", 0, "denied:policy:no_rule", 1, false));
        await other.FlushAsync();
    }

    private void Write(int second, string caller, string provider, string operation, int status, string outcome)
        => _log.Write(new AuditEntry(T0.AddSeconds(second), caller, "user:1:xalice", provider, operation, "grant_1", "POST", null, "h", status, outcome, second, false));

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<int[]> Seconds(AuditQuery query)
        => [.. (await _log.QueryAsync(query, CancellationToken.None)).Select(r => (int)(r.At - T0).TotalSeconds)];

    [Fact]
    public async Task Time_range_is_since_inclusive_and_until_exclusive()
        => Assert.Equal(new[] { 3, 2 }, await Seconds(new AuditQuery { Since = T0.AddSeconds(2), Until = T0.AddSeconds(4) }));

    [Fact]
    public async Task Operation_caller_and_status_filter_exactly()
    {
        Assert.Equal(new[] { 4, 3 }, await Seconds(new AuditQuery { Operation = "repos/list" }));
        Assert.Equal(new[] { 4, 1 }, await Seconds(new AuditQuery { Caller = "agent agent_1" }));
        Assert.Equal(new[] { 2, 0 }, await Seconds(new AuditQuery { Status = 200 }));
        Assert.Equal(new[] { 4 }, await Seconds(new AuditQuery { Operation = "repos/list", Caller = "agent agent_1" }));
        Assert.Empty(await Seconds(new AuditQuery { Operation = "repos/*" }));
    }

    [Fact]
    public async Task Outcome_matches_exactly_or_by_prefix_with_a_trailing_star_and_like_wildcards_are_plain_text()
    {
        Assert.Equal(new[] { 2, 0 }, await Seconds(new AuditQuery { Outcome = "ok" }));
        Assert.Equal(new[] { 4, 1 }, await Seconds(new AuditQuery { Outcome = "denied:*" }));
        Assert.Equal(new[] { 1 }, await Seconds(new AuditQuery { Outcome = "denied:policy:*" }));
        Assert.Equal(new[] { 5 }, await Seconds(new AuditQuery { Outcome = "den%*" }));
        Assert.Empty(await Seconds(new AuditQuery { Outcome = "denied" }));
        Assert.Empty(await Seconds(new AuditQuery { Outcome = "d_nied:*" }));
    }

    [Fact]
    public async Task Pages_follow_each_other_by_row_id_without_gaps_or_repeats()
    {
        var first = await _log.QueryAsync(new AuditQuery { Limit = 4 }, CancellationToken.None);
        var second = await _log.QueryAsync(new AuditQuery { Limit = 4, BeforeId = first[^1].Id }, CancellationToken.None);
        Assert.Equal(new[] { 5, 4, 3, 2, 1, 0 }, first.Concat(second).Select(r => (int)(r.At - T0).TotalSeconds));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(AuditReader.MaxLimit + 1)]
    public async Task A_limit_out_of_range_is_refused(int limit)
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _log.QueryAsync(new AuditQuery { Limit = limit }, CancellationToken.None));
}
