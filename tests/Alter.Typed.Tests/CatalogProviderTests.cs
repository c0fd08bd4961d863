using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Catalog providers made typed: each connects through the sandbox and runs one typed operation end to end.</summary>
public sealed class CatalogProviderTests
{
    [Fact]
    public async Task Notion_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "notion");

        var me = await app.Notion.WithGrant(grantId).Users.Me();

        Assert.Equal("user", me.Object);
        Assert.Equal("bot", me.Type);
        Assert.Equal("Alter Sandbox", me.Name);
        Assert.Equal("ada@example.com", me.Bot?.Owner?.User?.Person?.Email);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "notion", "get-self", grantId);
    }

    [Fact]
    public async Task Spotify_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "spotify");

        var me = await app.Spotify.WithGrant(grantId).Users.Me();

        Assert.Equal("sandboxuser", me.Id);
        Assert.Equal("user", me.Type);
        Assert.Equal("spotify:user:sandboxuser", me.Uri);
        Assert.Equal(7, me.Followers?.Total);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "spotify", "get-current-users-profile", grantId);
    }

    [Fact]
    public async Task Discord_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "discord");

        var me = await app.Discord.WithGrant(grantId).Users.Me();

        Assert.Equal("80351110224678912", me.Id);
        Assert.Equal("nelly", me.Username);
        Assert.Equal("Nelly", me.GlobalName);
        Assert.Null(me.Banner);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "discord", "get_my_user", grantId);
    }
}
