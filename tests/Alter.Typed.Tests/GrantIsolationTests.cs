using System.Security.Cryptography;
using Alter.Typed.Vault;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Two apps in one database, as on a shared machine or with the <c>alter</c> tool: app B learns app A's grant id (from a
/// log line, an audit export, a URL) and tries every store statement that takes one. None reads, changes or deletes it.
/// </summary>
public sealed class GrantIsolationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-isolation-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void App_B_cannot_read_change_or_delete_app_As_grant_by_id()
    {
        var options = new AlterOptions { DatabasePath = Path.Combine(_directory, "alter.db") };
        var admin = AlterAdmin.Open(options);
        var (appA, appB) = (admin.CreateApp("a"), admin.CreateApp("b"));
        var db = new SqliteDatabase(options.DatabasePath);
        var cipher = new TokenCipher(RandomNumberGenerator.GetBytes(32)); // one key for both: isolation must not rest on it
        var a = new GrantStore(db, cipher, appA.Id, TimeProvider.System);
        var b = new GrantStore(db, cipher, appB.Id, TimeProvider.System);
        var alice = Principal.User("https://idp.test/", "alice");
        var grant = a.Save("slack", alice, "T1/U1", ["chat:write"], new TokenSet("xoxb-a-secret", "xoxe-a-refresh", DateTimeOffset.UtcNow.AddHours(1)));
        var (_, version) = a.ReadTokens(grant.Id)!.Value;

        Assert.Null(b.Find(grant.Id, alice));
        Assert.Null(b.FindAnyOwner(grant.Id));
        Assert.Empty(b.List(alice));
        Assert.Empty(b.ListAllOwners());
        Assert.Empty(b.Owners());
        Assert.Equal(0, b.DeleteOwner(alice));
        Assert.Null(b.ReadTokens(grant.Id));
        Assert.Null(b.ReplaceTokens(grant.Id, new TokenSet("attacker", "attacker", null), version));
        Assert.False(b.TryLeaseRefresh(grant.Id, version, DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow));
        b.SetStatus(grant.Id, GrantStatus.ReauthRequired);
        Assert.False(b.Delete(grant.Id));

        var after = a.Find(grant.Id, alice)!;
        Assert.Equal(GrantStatus.Active, after.Status);
        Assert.Equal(grant.UpdatedAt, after.UpdatedAt);
        var (tokens, versionAfter) = a.ReadTokens(grant.Id)!.Value;
        Assert.Equal("xoxb-a-secret", tokens.AccessToken);
        Assert.Equal("xoxe-a-refresh", tokens.RefreshToken);
        Assert.Equal(version, versionAfter);
        Assert.True(a.TryLeaseRefresh(grant.Id, version, DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow)); // B took no lease

        // B's lease release cannot free A's lease either: A's second lease attempt still finds it held.
        b.ReleaseRefreshLease(grant.Id, version);
        Assert.False(a.TryLeaseRefresh(grant.Id, version, DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow));
        a.ReleaseRefreshLease(grant.Id, version);
        Assert.True(a.TryLeaseRefresh(grant.Id, version, DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Through_the_public_api_app_B_gets_grant_not_found_for_app_As_grant()
    {
        await using var world = await TestWorld.StartAsync();
        await using var appA = world.OpenApp();
        var grantId = (await appA.Connect(["slack"]))[0].GrantId;
        var admin = AlterAdmin.Open(world.Options);
        admin.CreateApp("other");
        await using var appB = new App(admin.MintKey("other").ApiKey, world.Options);
        var sentBefore = world.Wire.Sent.Count;

        Assert.Null(appB.GetGrant(grantId));
        await Assert.ThrowsAsync<GrantNotFoundException>(() => appB.Request(HttpMethod.Post, "chat.postMessage", grantId, json: new { channel = "#general", text = "hi" }));
        await Assert.ThrowsAsync<GrantNotFoundException>(() => appB.Slack.WithGrant(grantId).Chat.PostMessage(new() { Channel = "#general", Text = "hi" }));

        Assert.Equal(sentBefore, world.Wire.Sent.Count);
        Assert.NotNull(appA.GetGrant(grantId));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}

/// <summary>The grant caches hold one entry per (owner, provider): bounded, so a web app's many users cannot grow them forever.</summary>
public sealed class GrantCacheBoundTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-cache-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_caches_start_over_after_their_write_budget_and_keep_resolving_each_owners_own_grant()
    {
        Directory.CreateDirectory(_directory);
        var options = new AlterOptions { DatabasePath = Path.Combine(_directory, "alter.db") };
        var app = AlterAdmin.Open(options).CreateApp("a");
        var store = new GrantStore(new SqliteDatabase(options.DatabasePath), new TokenCipher(RandomNumberGenerator.GetBytes(32)), app.Id, TimeProvider.System);
        var users = Enumerable.Range(0, 7).Select(i => Principal.User("https://idp.test/", "u" + i)).ToArray();
        var grants = users.ToDictionary(u => u, u => store.Save("slack", u, "T1/U1", [], new TokenSet("token-" + u.Subject, null, null)).Id);
        var resolver = new Alter.Typed.Http.GrantResolver(app, store, new Alter.Typed.Http.PrincipalResolver(app, options), TimeProvider.System) { MaxCacheWrites = 3 };
        var slack = new ResolvedProvider(new ProviderDescriptor { Id = "slack", Name = "Slack", Auth = new ProviderAuth { Kind = AuthKind.OAuth2 }, Api = new ProviderApi { BaseUrl = "https://slack.com/api/", AllowedHosts = ["slack.com"] } }, null);

        var high = 0;
        foreach (var user in users.Concat(users))
        {
            Assert.Equal(grants[user], resolver.Resolve(slack, user, grantId: null).Id);
            high = Math.Max(high, resolver.CachedEntries);
        }

        Assert.Equal(3, high);                                                     // the fourth write clears: never more than 3
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
