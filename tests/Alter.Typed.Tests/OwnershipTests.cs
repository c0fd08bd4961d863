using Alter.Typed.Slack;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Grants belong to principals, tested the way an attacker would try: the real sandbox on 127.0.0.1 and a real SQLite
/// file, asserting on what reached the sandbox. A call only ever runs under a grant its principal owns; everything
/// else is "not found" or "connect first", never someone else's grant.
/// </summary>
public class OwnershipTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    private static readonly Principal Alice = Principal.User("https://idp.test/", "alice");
    private static readonly Principal Bob = Principal.User("https://idp.test/", "bob");

    private static async Task<ConnectResult> ConnectAsync(App app, Principal owner, string provider = "slack")
        => Assert.Single(await app.Connect([provider], new ConnectOptions { Owner = owner }));

    private static string AccessToken(App app, string grantId) => app.GrantStore.ReadTokens(grantId)!.Value.Tokens.AccessToken;

    [Fact]
    public async Task A_user_presenting_another_users_grant_id_gets_not_found_and_that_token_never_reaches_the_sandbox()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var alices = await ConnectAsync(app, Alice);
        var bobs = await ConnectAsync(app, Bob);
        var bobToken = AccessToken(app, bobs.GrantId);
        var tokenReads = app.GrantStore.TokenReads;
        const string Absent = "grant_0000000000000000000000000000000000000000";

        var stolen = await Assert.ThrowsAsync<GrantNotFoundException>(() => app.Slack.ForUser(Alice).WithGrant(bobs.GrantId).Auth.Test());
        var missing = await Assert.ThrowsAsync<GrantNotFoundException>(() => app.Slack.ForUser(Alice).WithGrant(Absent).Auth.Test());
        var asApp = await Assert.ThrowsAsync<GrantNotFoundException>(() => app.Slack.WithGrant(bobs.GrantId).Auth.Test());

        // Exactly the error of a grant that does not exist: same type, same message but for the id, same provider.
        Assert.Equal(missing.Message.Replace(Absent, bobs.GrantId, StringComparison.Ordinal), stolen.Message);
        Assert.Equal(("slack", "slack"), (missing.Provider, stolen.Provider));
        Assert.DoesNotContain("bob", stolen.Message, StringComparison.Ordinal);
        Assert.Contains(bobs.GrantId, asApp.Message, StringComparison.Ordinal);
        Assert.Empty(world.Sandbox.State.ApiRequests);                              // nothing was sent at all
        Assert.Equal(tokenReads, app.GrantStore.TokenReads);                        // bob's token was not even decrypted
        var rows = await app.Audit(new AuditQuery { Provider = "slack" });
        Assert.Equal(2, rows.Count(r => r.Outcome == "error:grant_not_found" && r.Principal == Alice.Key));

        Assert.True((await app.Slack.ForUser(Alice).WithGrant(alices.GrantId).Auth.Test()).Ok);
        Assert.True((await app.Slack.ForUser(Bob).Auth.Test()).Ok);
        var requests = world.Sandbox.State.ApiRequests;
        Assert.Equal(["Bearer " + AccessToken(app, alices.GrantId), "Bearer " + bobToken], requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Two_users_of_one_Slack_workspace_keep_separate_grants_and_tokens()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var alices = await ConnectAsync(app, Alice);
        var bobs = await ConnectAsync(app, Bob);
        var bobToken = AccessToken(app, bobs.GrantId);

        Assert.Equal(alices.Account, bobs.Account);                                 // the same workspace and Slack user
        Assert.NotEqual(alices.GrantId, bobs.GrantId);
        Assert.Equal((Alice, Bob), (alices.Owner, bobs.Owner));
        var again = await ConnectAsync(app, Alice);                                 // alice re-connects: her grant, not bob's
        Assert.Equal(alices.GrantId, again.GrantId);
        Assert.Equal(bobToken, AccessToken(app, bobs.GrantId));
        Assert.Equal(Alice, app.GetGrant(alices.GrantId)!.Owner);
        Assert.Equal(Bob, app.GetGrant(bobs.GrantId)!.Owner);
        Assert.Equal([alices.GrantId], app.Users.Show(Alice).Select(g => g.Id));
        Assert.Equal([bobs.GrantId], app.Users.Show(Bob).Select(g => g.Id));

        await app.Slack.ForUser(Alice).Auth.Test();
        await app.Slack.ForUser(Bob).Auth.Test();

        Assert.Equal(["Bearer " + AccessToken(app, alices.GrantId), "Bearer " + bobToken], world.Sandbox.State.ApiRequests.Select(r => r.Authorization));
        Assert.NotEqual(AccessToken(app, alices.GrantId), bobToken);
    }

    [Fact]
    public async Task Fifty_users_calling_concurrently_each_reach_the_sandbox_with_their_own_token()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var users = Enumerable.Range(0, 50).Select(i => Principal.User("https://idp.test/", "user-" + i)).ToArray();
        using (var gate = new SemaphoreSlim(4))
            await Task.WhenAll(users.Select(async user =>
            {
                await gate.WaitAsync();
                try { await ConnectAsync(app, user); }
                finally { gate.Release(); }
            }));
        var tokenOf = users.ToDictionary(u => u, u => AccessToken(app, Assert.Single(app.Users.Show(u)).Id));
        Assert.Equal(50, tokenOf.Values.Distinct().Count());

        // 300 calls, users in a random (seeded) order, all in flight together; each marks its query with its call number.
        var random = new Random(12);
        var calls = Enumerable.Range(0, 300).Select(n => (Number: n, User: users[random.Next(users.Length)])).ToArray();
        var clients = users.ToDictionary(u => u, u => app.Slack.ForUser(u));
        await Task.WhenAll(calls.Select(call => Task.Run(() => clients[call.User].Conversations.List(new ConversationsListRequest { Types = "public_channel,call-" + call.Number }))));

        var seen = world.Sandbox.State.ApiRequests;
        Assert.Equal(300, seen.Count);
        foreach (var (number, user) in calls)
        {
            var request = Assert.Single(seen, r => Uri.UnescapeDataString(r.PathAndQuery).EndsWith(",call-" + number, StringComparison.Ordinal));
            Assert.Equal("Bearer " + tokenOf[user], request.Authorization);
            Assert.Equal(200, request.StatusCode);
        }
        var rows = await app.Audit(new AuditQuery { Provider = "slack", Limit = 1000 });
        var perPrincipal = rows.Where(r => r.Operation == "conversations.list").GroupBy(r => r.Principal).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(calls.GroupBy(c => c.User.Key).ToDictionary(g => g.Key, g => g.Count()), perPrincipal);
    }

    [Fact]
    public async Task No_grant_is_ConnectRequired_and_never_falls_back_between_the_app_and_a_user()
    {
        await using var world = await TestWorld.StartAsync(Store);
        world.Options.ConnectUrl = (provider, who) => new Uri($"https://app.test/connect/{provider}?sub={Uri.EscapeDataString(who.Subject)}");
        await using var app = world.OpenApp();
        var appGrant = await ConnectAsync(app, Principal.ForApp(app.Info.Id));

        // The app has a Slack grant; alice has none: she is asked to connect, the app's grant is not used for her.
        var forAlice = await Assert.ThrowsAsync<ConnectRequiredException>(() => app.Slack.ForUser(Alice).Auth.Test());
        Assert.Equal(("slack", Alice, (string?)null), (forAlice.Provider, forAlice.Principal, forAlice.Account));
        Assert.Equal(new Uri("https://app.test/connect/slack?sub=alice"), forAlice.ConnectUrl);
        await Assert.ThrowsAsync<GrantNotFoundException>(() => app.Slack.ForUser(Alice).WithGrant(appGrant.GrantId).Auth.Test());

        // Alice has a GitHub grant; the app has none: the app is asked to connect, alice's grant is not used for it.
        await ConnectAsync(app, Alice, "github");
        var forApp = await Assert.ThrowsAsync<ConnectRequiredException>(() => app.GitHub.Users.GetAuthenticated());
        Assert.Equal(("github", Principal.ForApp(app.Info.Id)), (forApp.Provider, forApp.Principal));

        // An account the user has no grant for: connect that account.
        await ConnectAsync(app, Alice);
        var other = await Assert.ThrowsAsync<ConnectRequiredException>(() => app.Slack.ForUser(Alice).WithAccount("T0OTHER/U0OTHER").Auth.Test());
        Assert.Equal("T0OTHER/U0OTHER", other.Account);

        Assert.Empty(world.Sandbox.State.ApiRequests);
        var rows = await app.Audit();
        Assert.Contains(rows, r => r.Outcome == "error:connect_required" && r.Principal == Alice.Key && r.Provider == "slack");
        Assert.Contains(rows, r => r.Outcome == "error:connect_required" && r.Principal == Principal.ForApp(app.Info.Id).Key && r.Provider == "github");
    }

    [Fact]
    public async Task Several_grants_of_one_user_are_ambiguous_and_WithAccount_chooses()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var real = await ConnectAsync(app, Alice);
        var second = app.GrantStore.Save("slack", Alice, "T0OTHER/U0OTHER", ["chat:write"], new Vault.TokenSet("fake-token-second-account", null, null));
        await ConnectAsync(app, Bob);                                               // bob's grant is not one of alice's choices

        var error = await Assert.ThrowsAsync<AmbiguousGrantException>(() => app.Slack.ForUser(Alice).Auth.Test());

        Assert.Equal(("slack", Alice), (error.Provider, error.Principal));
        Assert.Equal([real.Account, "T0OTHER/U0OTHER"], error.Accounts);
        Assert.Equal([real.GrantId, second.Id], error.GrantIds);
        Assert.Empty(world.Sandbox.State.ApiRequests);
        Assert.True((await app.Slack.ForUser(Alice).WithAccount(real.Account!).Auth.Test()).Ok);
        Assert.Equal("Bearer " + AccessToken(app, real.GrantId), Assert.Single(world.Sandbox.State.ApiRequests).Authorization);
        Assert.Contains(await app.Audit(), r => r.Outcome == "error:ambiguous_grant" && r.Principal == Alice.Key);
    }

    /// <summary>Validates <c>good-&lt;subject&gt;</c>; refuses anything else as expired.</summary>
    private sealed class FakeValidator : IUserTokenValidator
    {
        public ValueTask<Principal> ValidateAsync(string token, CancellationToken cancellationToken = default)
            => token.StartsWith("good-", StringComparison.Ordinal)
                ? ValueTask.FromResult(Principal.User("https://idp.test/", token["good-".Length..]))
                : throw new InvalidUserTokenException("The token expired.", "expired");
    }

    [Fact]
    public async Task The_principal_comes_from_the_source_then_the_user_token_and_a_refused_token_resolves_nothing()
    {
        await using var world = await TestWorld.StartAsync(Store);
        string? userToken = null;
        Principal? fromSource = null;
        world.Options.PrincipalSource = _ => ValueTask.FromResult(fromSource);
        world.Options.UserTokenGetter = _ => ValueTask.FromResult(userToken);
        world.Options.UserTokenValidator = new FakeValidator();
        await using var app = world.OpenApp();
        var alices = await ConnectAsync(app, Alice);
        var bobs = await ConnectAsync(app, Bob);

        userToken = "good-alice";
        Assert.True((await app.Slack.Auth.Test()).Ok);                              // the token says alice
        fromSource = Bob;
        Assert.True((await app.Slack.Auth.Test()).Ok);                              // the source comes first: bob
        Assert.True((await app.Slack.ForUser(Alice).Auth.Test()).Ok);               // ForUser comes before both
        Assert.Equal(
            ["Bearer " + AccessToken(app, alices.GrantId), "Bearer " + AccessToken(app, bobs.GrantId), "Bearer " + AccessToken(app, alices.GrantId)],
            world.Sandbox.State.ApiRequests.Select(r => r.Authorization));

        fromSource = null;
        userToken = "forged";
        var refused = await Assert.ThrowsAsync<InvalidUserTokenException>(() => app.Slack.Auth.Test());
        Assert.Equal("expired", refused.Reason);
        Assert.Equal(3, world.Sandbox.State.ApiRequests.Count);                     // nothing sent, not even under the app's grant
        var row = (await app.Audit()).First(r => r.Operation == "auth.test");
        Assert.Equal(("denied:invalid_user_token:expired", (string?)null, (string?)null, 0), (row.Outcome, row.Principal, row.GrantId, row.Status));

        // The untyped Request decides its principal the same way, and a refusal there is audited too (its provider is
        // the grant's, unknown when nothing was resolved).
        await Assert.ThrowsAsync<InvalidUserTokenException>(() => app.Request(HttpMethod.Get, "auth.test", alices.GrantId));
        var untyped = (await app.Audit()).First();
        Assert.Equal(("denied:invalid_user_token:expired", (string?)null, "", "GET /auth.test"), (untyped.Outcome, untyped.Principal, untyped.Provider, untyped.Operation));
        Assert.Equal(3, world.Sandbox.State.ApiRequests.Count);

        userToken = null;                                                           // no user: the app itself, which has no grant
        Assert.Equal(Principal.ForApp(app.Info.Id), (await Assert.ThrowsAsync<ConnectRequiredException>(() => app.Slack.Auth.Test())).Principal);
    }

    private sealed class TenantedApp(string apiKey, AlterOptions options, ProviderDescriptor provider) : AlterApp(apiKey, options, [provider]);

    /// <summary>A hand-written client of a provider whose URLs need the grant's values, as a generated one would be.</summary>
    private sealed class TenantedClient(AlterApp app, ProviderDescriptor descriptor, Principal principal) : ProviderClient(app, descriptor, null, principal, null)
    {
        public Task<object> Things() => SendAsync<object>(new Generated.OperationDescriptor(Descriptor.Id, "things.list", HttpMethod.Get, "things", Generated.BodyKind.None), null, default);
    }

    [Fact]
    public async Task A_templated_provider_resolves_the_grant_before_the_pipeline_and_still_audits_the_refusal()
    {
        await using var world = await TestWorld.StartAsync(Store);
        var tenanted = new ProviderDescriptor
        {
            Id = "tenanted", Name = "Tenanted",
            ConnectionValues = [new ConnectionValue("subdomain", "Your subdomain.")],
            Auth = new ProviderAuth { Kind = AuthKind.ApiKey, Token = TokenPlacement.BearerHeader },
            Api = new ProviderApi { BaseUrl = "https://{subdomain}.example.com/", AllowedHosts = [] },
        };
        await using var app = new TenantedApp(world.ApiKey, world.Options, tenanted);
        app.SaveCredential("tenanted", "app-secret", connectionValues: new Dictionary<string, string> { ["subdomain"] = "acme" }); // the app's, not alice's

        var error = await Assert.ThrowsAsync<ConnectRequiredException>(() => new TenantedClient(app, tenanted, Alice).Things());

        Assert.Equal(Alice, error.Principal);
        Assert.Empty(world.Wire.Sent);
        var row = (await app.Audit()).First();
        Assert.Equal(("error:connect_required", Alice.Key, "tenanted", "things.list", 0), (row.Outcome, row.Principal, row.Provider, row.Operation, row.Status));
    }

    [Fact]
    public async Task A_user_token_without_a_validator_is_refused_rather_than_ignored()
    {
        await using var world = await TestWorld.StartAsync(Store);
        world.Options.UserTokenGetter = _ => ValueTask.FromResult<string?>("some-jwt");
        await using var app = world.OpenApp();
        await ConnectAsync(app, Principal.ForApp(app.Info.Id));

        var refused = await Assert.ThrowsAsync<InvalidUserTokenException>(() => app.Slack.Auth.Test());

        Assert.Equal("no_validator", refused.Reason);
        Assert.DoesNotContain("some-jwt", refused.Message, StringComparison.Ordinal);
        Assert.Empty(world.Sandbox.State.ApiRequests);
    }

    [Fact]
    public async Task Without_a_principal_source_resolution_is_synchronous_and_allocates_nothing_once_cached()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var grant = await ConnectAsync(app, Principal.ForApp(app.Info.Id));
        var resolver = app.ServicesForUsers.Grants;
        var provider = app.Provider("slack");
        var contexts = Enumerable.Range(0, 102).Select(_ => new Http.CallContext(app.Info, provider, null, "auth.test", typed: true)).ToArray();
        Assert.True(resolver.ResolveAsync(contexts[0], default).IsCompletedSuccessfully); // fills the cache
        Assert.True(resolver.ResolveAsync(contexts[1], default).IsCompletedSuccessfully); // the hit path's first run (JIT, type loads)

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 2; i < contexts.Length; i++)
            if (!resolver.ResolveAsync(contexts[i], default).IsCompletedSuccessfully) Assert.Fail("resolution went asynchronous");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.All(contexts, c => Assert.Equal((Principal.ForApp(app.Info.Id), grant.GrantId), (c.Principal, c.Grant!.Id)));
    }
}
