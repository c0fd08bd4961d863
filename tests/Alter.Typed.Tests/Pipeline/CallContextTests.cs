using Alter.Typed.Http;
using Xunit;

namespace Alter.Typed.Tests.Pipeline;

/// <summary>The call context end to end: resolved once, seen by the user's handlers without a credential, and the key re-checked.</summary>
public sealed class CallContextTests
{
    [Fact]
    public async Task A_call_reads_its_grant_from_the_store_once()
    {
        await using var world = await TestWorld.StartAsync(fakeTime: true);
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["slack"]))[0].GrantId;
        world.Time!.Advance(GrantResolver.CacheTime + TimeSpan.FromSeconds(1));   // nothing cached

        var before = app.GrantStore.GrantReads;
        await app.Slack.WithGrant(grantId).Chat.PostMessage(new() { Channel = "#general", Text = "one read" });
        Assert.Equal(before + 1, app.GrantStore.GrantReads);

        world.Time.Advance(GrantResolver.CacheTime + TimeSpan.FromSeconds(1));
        before = app.GrantStore.GrantReads;
        using (var response = await app.Request(HttpMethod.Post, "auth.test", grantId)) response.EnsureSuccessStatusCode();
        Assert.Equal(before + 1, app.GrantStore.GrantReads);                       // the untyped call too

        before = app.GrantStore.GrantReads;
        await app.Slack.WithGrant(grantId).Auth.Test();
        Assert.Equal(before, app.GrantStore.GrantReads);                           // within the cache time: none
    }

    private sealed class Stamp : DelegatingHandler
    {
        public static readonly List<(Principal? Principal, string Operation, bool SawCredential)> Seen = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = AlterPipeline.ContextOf(request);
            lock (Seen) Seen.Add((context.Principal, context.Operation, request.Headers.Authorization is not null));
            request.Headers.TryAddWithoutValidation("X-Stamp", "1");
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Handlers_the_user_adds_see_the_call_context_and_never_the_credential()
    {
        await using var world = await TestWorld.StartAsync();
        world.Options.Handlers.Add(() => new Stamp());
        await using var app = world.OpenApp();
        var grant = (await app.Connect(["slack"]))[0];

        await app.Slack.Auth.Test();

        lock (Stamp.Seen) Assert.Contains((app.GetGrant(grant.GrantId)!.Owner, "auth.test", false), Stamp.Seen);
    }

    [Fact]
    public async Task A_revoked_api_key_stops_a_running_app_within_the_check_interval()
    {
        await using var world = await TestWorld.StartAsync(fakeTime: true);
        world.Options.ApiKeyCheckInterval = TimeSpan.FromSeconds(30);
        await using var app = world.OpenApp();
        await app.Connect(["slack"]);

        Assert.True(AlterAdmin.Open(world.Options).RevokeKey(world.ApiKey.Split('_')[3]));
        await app.Slack.Auth.Test();                                               // within the interval: still running
        world.Time!.Advance(TimeSpan.FromSeconds(31));

        var error = await Assert.ThrowsAsync<ApiKeyException>(() => app.Slack.Auth.Test());
        Assert.Contains("revoked", error.Message);
        Assert.Equal("error:ApiKeyException", (await app.Audit()).First(r => r.Operation == "auth.test").Outcome);
    }
}

/// <summary>Opening an app checks its key and defers the rest (vault key, provider settings, pipeline) to first use.</summary>
public sealed class LazyOpenTests
{
    [Fact]
    public void Opening_an_app_checks_the_key_and_touches_the_vault_only_on_first_use()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ALTER_VAULT_KEY"))) return;   // the key would come from there
        var home = Path.Combine(Path.GetTempPath(), "alter-tests-" + Guid.NewGuid().ToString("N"));
        var options = new AlterOptions { HomeDirectory = home, DatabasePath = Path.Combine(home, "alter.db") };
        var admin = AlterAdmin.Open(options);
        admin.CreateApp("tests");
        var key = admin.MintKey("tests").ApiKey;

        using var app = new App(key, options);
        Assert.Equal("tests", app.Info.Name);
        Assert.False(File.Exists(Path.Combine(home, "vault.key")));

        Assert.Empty(app.ListGrants());
        Assert.True(File.Exists(Path.Combine(home, "vault.key")));
    }
}
