using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Box typed end to end through the sandbox: connect, typed calls, audit rows, and a refresh after Box's body-less 401.</summary>
public sealed class BoxProviderTests
{
    [Fact]
    public async Task Box_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "box");

        var me = await app.Box.WithGrant(grantId).Users.Me();

        Assert.Equal("user", me.Type);
        Assert.Equal("11446498", me.Id);
        Assert.Equal("Ada Lovelace", me.Name);
        Assert.Equal("ada@example.com", me.Login);
        Assert.Equal(10737418240, me.SpaceAmount);
        Assert.Equal(TimeSpan.FromHours(-7), me.CreatedAt?.Offset);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "box", "get_users_me", grantId);
    }

    [Fact]
    public async Task Box_create_folder_in_the_root_then_list_and_read_items()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var box = app.Box.WithGrant(await CatalogCalls.ConnectAsync(app, "box"));

        var created = await box.Folders.Create(new() { Name = "Typed folder", Parent = new() { Id = "0" } });
        var items = await box.Folders.ListItems("0", new() { Limit = 50 });
        var root = await box.Folders.Get("0");
        var file = await box.Files.Get(items.Entries.Single(e => e.Type == "file").Id);
        var clash = await Assert.ThrowsAsync<ProviderApiException>(() => box.Folders.Create(new() { Name = "Typed folder", Parent = new() { Id = "0" } }));

        Assert.Equal("folder", created.Type);
        Assert.Equal("0", created.Parent?.Id);
        Assert.Equal("All Files", Assert.Single(created.PathCollection!.Entries).Name);
        Assert.Equal(["Projects", "Typed folder", "Quarterly report.pdf"], items.Entries.Select(e => e.Name));
        Assert.Equal(3, items.TotalCount);
        Assert.Equal(50, items.Limit);
        Assert.Equal("All Files", root.Name);
        Assert.Null(root.Parent);
        Assert.Equal(3, root.ItemCollection?.TotalCount);
        Assert.Equal("85136c79cbf9fe36bb9d05d0639c70c265c18d37", file.Sha1);
        Assert.Equal(629644, file.Size);
        Assert.Equal("file_version", file.FileVersion?.Type);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal("item_name_in_use", clash.ErrorCode);
    }

    [Fact]
    public async Task Box_expired_token_is_refreshed_once_with_a_single_use_refresh_token()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "box");

        world.Sandbox.State.ExpireAccessTokens("box");
        var first = await app.Box.WithGrant(grantId).Users.Me();
        world.Sandbox.State.ExpireAccessTokens("box");
        var second = await app.Box.WithGrant(grantId).Users.Me();   // needs the refresh token the first refresh answered

        Assert.Equal("11446498", first.Id);
        Assert.Equal("11446498", second.Id);
        Assert.Equal(2, world.Sandbox.State.RefreshRequests("box"));
        Assert.Equal([401, 200, 401, 200], world.Sandbox.State.ApiRequests.Where(r => r.ProviderId == "box").Select(r => r.StatusCode));
        var row = (await app.Audit(new AuditQuery { Provider = "box" })).First(r => r.Operation == "get_users_me");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
    }
}
