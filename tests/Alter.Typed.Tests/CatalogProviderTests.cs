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

        var results = await app.Connect(["notion"], new ConnectOptions { Principal = "ada@example.com" });
        var grantId = Assert.Single(results).GrantId;

        var me = await app.Notion.WithGrant(grantId).Users.Me();

        Assert.Equal("user", me.Object);
        Assert.Equal("bot", me.Type);
        Assert.Equal("Alter Sandbox", me.Name);
        Assert.Equal("ada@example.com", me.Bot?.Owner?.User?.Person?.Email);
        var call = Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == "notion");
        Assert.Equal(200, call.StatusCode);

        var row = (await app.Audit(new AuditQuery { Provider = "notion" })).First(r => r.Operation == "get-self");
        Assert.Equal("tests", row.Caller);
        Assert.Equal("ada@example.com", row.Principal);
        Assert.Equal(grantId, row.GrantId);
        Assert.Equal(200, row.Status);
        Assert.Equal("ok", row.Outcome);
    }

    [Fact]
    public async Task Spotify_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var results = await app.Connect(["spotify"], new ConnectOptions { Principal = "ada@example.com" });
        var grantId = Assert.Single(results).GrantId;

        var me = await app.Spotify.WithGrant(grantId).Users.Me();

        Assert.Equal("sandboxuser", me.Id);
        Assert.Equal("user", me.Type);
        Assert.Equal("spotify:user:sandboxuser", me.Uri);
        Assert.Equal(7, me.Followers?.Total);
        var call = Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == "spotify");
        Assert.Equal(200, call.StatusCode);

        var row = (await app.Audit(new AuditQuery { Provider = "spotify" })).First(r => r.Operation == "get-current-users-profile");
        Assert.Equal("tests", row.Caller);
        Assert.Equal("ada@example.com", row.Principal);
        Assert.Equal(grantId, row.GrantId);
        Assert.Equal(200, row.Status);
        Assert.Equal("ok", row.Outcome);
    }

    [Fact]
    public async Task Discord_connect_then_users_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var results = await app.Connect(["discord"], new ConnectOptions { Principal = "ada@example.com" });
        var grantId = Assert.Single(results).GrantId;

        var me = await app.Discord.WithGrant(grantId).Users.Me();

        Assert.Equal("80351110224678912", me.Id);
        Assert.Equal("nelly", me.Username);
        Assert.Equal("Nelly", me.GlobalName);
        Assert.Null(me.Banner);
        var call = Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == "discord");
        Assert.Equal(200, call.StatusCode);

        var row = (await app.Audit(new AuditQuery { Provider = "discord" })).First(r => r.Operation == "get_my_user");
        Assert.Equal("tests", row.Caller);
        Assert.Equal("ada@example.com", row.Principal);
        Assert.Equal(grantId, row.GrantId);
        Assert.Equal(200, row.Status);
        Assert.Equal("ok", row.Outcome);
    }
}
