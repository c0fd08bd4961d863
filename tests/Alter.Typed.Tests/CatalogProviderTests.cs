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

        var grantId = await ConnectAsync(app, "notion");

        var me = await app.Notion.WithGrant(grantId).Users.Me();

        Assert.Equal("user", me.Object);
        Assert.Equal("bot", me.Type);
        Assert.Equal("Alter Sandbox", me.Name);
        Assert.Equal("ada@example.com", me.Bot?.Owner?.User?.Person?.Email);
        await AssertOneOkCallAndAuditRowAsync(world, app, "notion", "get-self", grantId);
    }

    [Fact]
    public async Task Spotify_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await ConnectAsync(app, "spotify");

        var me = await app.Spotify.WithGrant(grantId).Users.Me();

        Assert.Equal("sandboxuser", me.Id);
        Assert.Equal("user", me.Type);
        Assert.Equal("spotify:user:sandboxuser", me.Uri);
        Assert.Equal(7, me.Followers?.Total);
        await AssertOneOkCallAndAuditRowAsync(world, app, "spotify", "get-current-users-profile", grantId);
    }

    [Fact]
    public async Task Discord_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await ConnectAsync(app, "discord");

        var me = await app.Discord.WithGrant(grantId).Users.Me();

        Assert.Equal("80351110224678912", me.Id);
        Assert.Equal("nelly", me.Username);
        Assert.Equal("Nelly", me.GlobalName);
        Assert.Null(me.Banner);
        await AssertOneOkCallAndAuditRowAsync(world, app, "discord", "get_my_user", grantId);
    }

    private static async Task<string> ConnectAsync(App app, string provider)
        => Assert.Single(await app.Connect([provider], new ConnectOptions { Principal = "ada@example.com" })).GrantId;

    /// <summary>The sandbox saw exactly one API call, answered 200, and the audit log holds its row.</summary>
    private static async Task AssertOneOkCallAndAuditRowAsync(TestWorld world, App app, string provider, string operation, string grantId)
    {
        var call = Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == provider);
        Assert.Equal(200, call.StatusCode);

        var row = (await app.Audit(new AuditQuery { Provider = provider })).First(r => r.Operation == operation);
        Assert.Equal("tests", row.Caller);
        Assert.Equal("ada@example.com", row.Principal);
        Assert.Equal(grantId, row.GrantId);
        Assert.Equal(200, row.Status);
        Assert.Equal("ok", row.Outcome);
    }
}
