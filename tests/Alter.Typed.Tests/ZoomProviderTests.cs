using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Zoom end to end through the sandbox: HTTP Basic client auth, users/me, meetings with 64-bit ids, rotating refresh tokens.</summary>
public sealed class ZoomProviderTests
{
    [Fact]
    public async Task Zoom_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "zoom");

        var me = await app.Zoom.WithGrant(grantId).Users.Me();

        Assert.Equal("KDcuGIm1QgePTO8WbOqwIQ", me.Id);
        Assert.Equal("ada@example.com", me.Email);
        Assert.Equal(2, me.Type);
        Assert.Equal(3542471135L, me.Pmi);
        Assert.Equal(8523147306L, me.AccountNumber);
        Assert.Equal(new DateTimeOffset(2023, 2, 14, 9, 12, 45, TimeSpan.Zero), me.CreatedAt);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "zoom", "user", grantId);
    }

    [Fact]
    public async Task Zoom_meeting_is_created_listed_updated_and_deleted_by_its_64_bit_id()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "zoom");

        var created = await app.Zoom.Meetings.Create(new()
        {
            Topic = "Design review",
            Type = 2,
            StartTime = "2024-06-03T14:00:00Z",
            Duration = 45,
            Settings = new() { WaitingRoom = false, JoinBeforeHost = true },
        });
        await app.Zoom.Meetings.Update(created.Id, new() { Topic = "Design review (moved)" });
        var read = await app.Zoom.Meetings.Get(created.Id);
        var list = await app.Zoom.Meetings.List(new() { Type = "scheduled", PageSize = 10 });
        await app.Zoom.Meetings.Delete(created.Id);
        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Zoom.Meetings.Get(created.Id));

        Assert.True(created.Id > int.MaxValue);
        Assert.Equal(new DateTimeOffset(2024, 6, 3, 14, 0, 0, TimeSpan.Zero), created.StartTime);
        Assert.Equal("waiting", created.Status);
        Assert.Equal(false, created.Settings?.WaitingRoom);
        Assert.Equal(true, created.Settings?.JoinBeforeHost);
        Assert.Equal("Design review (moved)", read.Topic);
        Assert.Equal(45, read.Duration);
        Assert.Equal(2, list.TotalRecords);
        Assert.Equal([84512397106L, created.Id], list.Meetings.Select(m => m.Id));
        Assert.Equal("", list.NextPageToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("3001", error.ErrorCode);   // Zoom's numeric code, read as its JSON text
        Assert.Contains($"Meeting does not exist: {created.Id}.", error.Body, StringComparison.Ordinal);
        Assert.Equal([201, 204, 200, 200, 204, 404], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        Assert.Contains(world.Sandbox.State.ApiRequests, r => r.Method == "PATCH" && r.PathAndQuery.EndsWith($"/meetings/{created.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Zoom_expired_token_is_refreshed_once_and_the_rotated_refresh_token_works_next_time()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "zoom");

        world.Sandbox.State.ExpireAccessTokens("zoom");
        var meetings = await app.Zoom.Meetings.List();
        world.Sandbox.State.ExpireAccessTokens("zoom");
        var me = await app.Zoom.Users.Me();   // only the rotated refresh token is still good

        Assert.Equal("Weekly standup", Assert.Single(meetings.Meetings).Topic);
        Assert.Equal("ada@example.com", me.Email);
        Assert.Equal(2, world.Sandbox.State.RefreshRequests("zoom"));
        Assert.Equal([401, 200, 401, 200], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        var row = (await app.Audit(new AuditQuery { Provider = "zoom" })).First(r => r.Operation == "meetings");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
        Assert.Equal(grantId, row.GrantId);
    }
}
