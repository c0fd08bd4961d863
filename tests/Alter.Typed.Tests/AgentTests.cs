using System.Text;
using Alter.Typed.Slack;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Agents and their keys, against the real sandbox on 127.0.0.1 and a real SQLite file: an agent key opens the app as
/// the agent, which acts for itself only and reaches only the grants it owns; its keys are stored as hashes, and a
/// revoked or expired one is refused with <see cref="ApiKeyException"/>, also in an app already open.
/// </summary>
public class AgentTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    private static readonly Principal Alice = Principal.User("https://idp.test/", "alice");
    private const string Absent = "grant_0000000000000000000000000000000000000000";

    /// <summary>A static-credential provider on the sandbox's GitHub API (a personal access token, sent as <c>token …</c>).</summary>
    private static ProviderDescriptor GitHubPat(TestWorld world) => new()
    {
        Id = "github-pat", Name = "GitHub (token)",
        Auth = new ProviderAuth { Kind = AuthKind.Bearer, Token = new TokenPlacement("header", "Authorization", "token ") },
        Api = new ProviderApi { BaseUrl = world.Sandbox.Provider("github").ApiBaseUrl, AllowedHosts = [world.Sandbox.Provider("github").Authority], JsonNaming = "snake_case" },
        Errors = new ProviderErrorConvention { CodeProperty = "message" },
        // Described, so an agent's untyped GET user maps to an operation its policy can name (an undescribed one is denied).
        Operations = [new Generated.OperationDescriptor("github-pat", "users/get-authenticated", HttpMethod.Get, "user", Generated.BodyKind.None)],
    };

    /// <summary>What the agents of these tests may do: Slack, and the token provider's one operation.</summary>
    private static AccessPolicy Everything => AccessPolicy.Create("tests").Allow("slack:*", "github-pat:*").Build();

    /// <summary>A GitHub token the sandbox accepts, issued to an OAuth connection of the app (then used as a static credential).</summary>
    private static async Task<string> SandboxGitHubTokenAsync(TestWorld world, App app)
    {
        var before = world.Wire.IssuedTokens.ToHashSet();
        await app.Connect(["github"]);
        return world.Wire.IssuedTokens.First(t => t.StartsWith("gho_", StringComparison.Ordinal) && !before.Contains(t));
    }

    private static void AssertNotInDatabase(TestWorld world, string secret) => world.AssertNotStored(secret);

    [Fact]
    public async Task An_agent_key_is_shown_once_opens_the_app_as_the_agent_and_only_its_hash_is_stored()
    {
        await using var world = await TestWorld.StartAsync(Store);
        CreatedAgent created;
        MintedAgentKey second;
        await using (var app = world.OpenApp())
        {
            created = app.Agents.Create("support-bot");
            second = app.Agents.MintKey("support-bot");
            Assert.Throws<AlterException>(() => app.Agents.Create("support-bot"));       // names are unique in the app
            var shown = app.Agents.Show(created.Agent.Id)!;
            Assert.Equal([created.Key.Info.Id, second.Info.Id], shown.Keys.Select(k => k.Id));
            Assert.Equal(created.Agent, Assert.Single(app.Agents.List()));
            Assert.Null(app.Agent);
        }

        Assert.StartsWith("alter_key_agent_", created.Key.ApiKey, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key.ApiKey, created.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(second.ApiKey, second.ToString(), StringComparison.Ordinal);
        foreach (var key in new[] { created.Key.ApiKey, second.ApiKey })
        {
            await using var asAgent = new App(key, world.Options);
            Assert.Equal(created.Agent, asAgent.Agent);
            Assert.Equal("tests", asAgent.Info.Name);
        }
        foreach (var key in new[] { created.Key.ApiKey, second.ApiKey })
        {
            AssertNotInDatabase(world, key);
            AssertNotInDatabase(world, key[(key.LastIndexOf('_') + 1)..]);              // not even the secret part
        }
        // The prefix is part of what is hashed: the agent key's id and secret under the app prefix open nothing.
        var asAppKey = Assert.Throws<ApiKeyException>(() => new App("alter_key_app_" + created.Key.ApiKey["alter_key_agent_".Length..], world.Options));
        Assert.Equal(ApiKeyRefusal.Unknown, asAppKey.Reason);
    }

    [Fact]
    public async Task An_agent_name_shaped_like_an_agent_id_is_refused_so_it_cannot_shadow_another_agent()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var victim = app.Agents.Create("victim");

        var error = Assert.Throws<AlterException>(() => app.Agents.Create(victim.Agent.Id));

        Assert.Contains("cannot start with 'agent_'", error.Message, StringComparison.Ordinal);
        Assert.Throws<AlterException>(() => app.Agents.Create("AGENT_x"));
        Assert.Equal("victim", app.Agents.Show(victim.Agent.Id)!.Agent.Name);
    }

    [Fact]
    public async Task A_revoked_agent_key_is_refused_at_open_and_stops_an_open_app_within_the_check_interval()
    {
        await using var world = await TestWorld.StartAsync(Store, fakeTime: true);
        await using var app = world.OpenApp();
        var agent = app.Agents.Create("bot", Everything);
        await using var asAgent = new App(agent.Key.ApiKey, world.Options);
        await asAgent.Connect(["slack"]);                                              // the agent's own Slack grant
        Assert.True((await asAgent.Slack.Auth.Test()).Ok);
        var sent = world.Sandbox.State.ApiRequests.Count;

        Assert.True(app.Agents.RevokeKey(agent.Key.Info.Id));
        Assert.False(app.Agents.RevokeKey(agent.Key.Info.Id));

        var atOpen = Assert.Throws<ApiKeyException>(() => new App(agent.Key.ApiKey, world.Options));
        Assert.Equal((ApiKeyRefusal.Revoked, agent.Key.Info.Id), (atOpen.Reason, atOpen.KeyId));
        Assert.DoesNotContain(agent.Key.ApiKey, atOpen.Message, StringComparison.Ordinal);
        world.Time!.Advance(world.Options.ApiKeyCheckInterval);
        var running = await Assert.ThrowsAsync<ApiKeyException>(() => asAgent.Slack.Auth.Test());
        Assert.Equal(ApiKeyRefusal.Revoked, running.Reason);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);                     // nothing reached Slack
        Assert.Equal("revoked", app.Agents.Show("bot")!.Keys.Single().StatusAt(world.Time.GetUtcNow()));
        Assert.Equal(ApiKeyRefusal.Revoked, Assert.Throws<ApiKeyException>(() => asAgent.SaveCredential("slack", "anything")).Reason); // stores nothing either
    }

    [Fact]
    public async Task A_deprecated_agent_key_works_through_its_grace_then_is_refused_as_expired_and_a_later_revocation_too()
    {
        await using var world = await TestWorld.StartAsync(Store, fakeTime: true);
        await using var app = world.OpenApp();
        var agent = app.Agents.Create("bot", Everything);
        var fresh = app.Agents.MintKey("bot");

        Assert.True(app.Agents.DeprecateKey(agent.Key.Info.Id, TimeSpan.FromHours(1)));
        Assert.True(app.Agents.DeprecateKey(agent.Key.Info.Id, TimeSpan.FromDays(30)));   // never extended
        world.Time!.Advance(TimeSpan.FromMinutes(59));
        await using (var inGrace = new App(agent.Key.ApiKey, world.Options)) Assert.Equal(agent.Agent, inGrace.Agent);
        Assert.Equal("deprecated", app.Agents.Show("bot")!.Keys[0].StatusAt(world.Time.GetUtcNow()));

        world.Time.Advance(TimeSpan.FromMinutes(1));
        var expired = Assert.Throws<ApiKeyException>(() => new App(agent.Key.ApiKey, world.Options));
        Assert.Equal((ApiKeyRefusal.Expired, agent.Key.Info.Id), (expired.Reason, expired.KeyId));
        Assert.Contains("grace", expired.Message, StringComparison.Ordinal);
        await using (var other = new App(fresh.ApiKey, world.Options)) Assert.Equal(agent.Agent, other.Agent); // the new key is untouched

        Assert.True(app.Agents.RevokeKey(agent.Key.Info.Id));                          // deprecated, then revoked
        Assert.Equal(ApiKeyRefusal.Revoked, Assert.Throws<ApiKeyException>(() => new App(agent.Key.ApiKey, world.Options)).Reason);
        Assert.False(app.Agents.DeprecateKey(agent.Key.Info.Id, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_deprecated_key_stops_an_open_app_when_its_grace_ends()
    {
        await using var world = await TestWorld.StartAsync(Store, fakeTime: true);
        await using var app = world.OpenApp();
        var agent = app.Agents.Create("bot", Everything);
        await using var asAgent = new App(agent.Key.ApiKey, world.Options);
        await asAgent.Connect(["slack"]);
        Assert.True(app.Agents.DeprecateKey(agent.Key.Info.Id, TimeSpan.FromMinutes(10)));
        world.Time!.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await asAgent.Slack.Auth.Test()).Ok);                             // in its grace
        var sent = world.Sandbox.State.ApiRequests.Count;

        world.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(ApiKeyRefusal.Expired, (await Assert.ThrowsAsync<ApiKeyException>(() => asAgent.Slack.Auth.Test())).Reason);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
    }

    [Fact]
    public async Task Agent_A_cannot_use_agent_Bs_grants_by_typed_call_or_Request_and_the_error_is_that_of_an_absent_grant()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var pat = await SandboxGitHubTokenAsync(world, app);
        var (a, b) = (app.Agents.Create("agent-a", Everything), app.Agents.Create("agent-b", Everything));
        await using var asB = new App(b.Key.ApiKey, world.Options);
        var bSlack = Assert.Single(await asB.Connect(["slack"]));
        await using var asBCustom = new CustomApp(b.Key.ApiKey, world.Options, GitHubPat(world));
        var bPat = asBCustom.SaveCredential("github-pat", pat);
        Assert.Equal((b.Agent.Principal, b.Agent.Principal), (bSlack.Owner, bPat.Owner));
        await using var asA = new App(a.Key.ApiKey, world.Options);
        await using var asACustom = new CustomApp(a.Key.ApiKey, world.Options, GitHubPat(world));
        var (sent, wire, tokenReads) = (world.Sandbox.State.ApiRequests.Count, world.Wire.Sent.Count, asA.GrantStore.TokenReads);

        var typed = await Assert.ThrowsAsync<GrantNotFoundException>(() => asA.Slack.WithGrant(bSlack.GrantId).Auth.Test());
        var typedAbsent = await Assert.ThrowsAsync<GrantNotFoundException>(() => asA.Slack.WithGrant(Absent).Auth.Test());
        var untyped = await Assert.ThrowsAsync<GrantNotFoundException>(() => asACustom.Request(HttpMethod.Get, "user", bPat.Id));
        var untypedAbsent = await Assert.ThrowsAsync<GrantNotFoundException>(() => asACustom.Request(HttpMethod.Get, "user", Absent));
        var slackByRequest = await Assert.ThrowsAsync<GrantNotFoundException>(() => asA.Request(HttpMethod.Post, "auth.test", bSlack.GrantId));
        await Assert.ThrowsAsync<ConnectRequiredException>(() => asA.Slack.Auth.Test());    // no fallback to B's only grant

        Assert.Equal(typedAbsent.Message.Replace(Absent, bSlack.GrantId, StringComparison.Ordinal), typed.Message);
        Assert.Equal(untypedAbsent.Message.Replace(Absent, bPat.Id, StringComparison.Ordinal), untyped.Message);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);                     // nothing reached the sandbox
        Assert.Equal(wire, world.Wire.Sent.Count);
        Assert.Equal(tokenReads, asA.GrantStore.TokenReads);                           // B's tokens were not even decrypted
        Assert.True((await asB.Slack.Auth.Test()).Ok);                                 // B itself can
    }

    [Fact]
    public async Task An_agent_cannot_reach_a_users_grant_nor_the_apps_and_cannot_act_for_anyone_else()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var pat = await SandboxGitHubTokenAsync(world, app);
        var appSlack = Assert.Single(await app.Connect(["slack"]));
        var aliceSlack = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = Alice }));
        await using var appCustom = new CustomApp(world.ApiKey, world.Options, GitHubPat(world));
        var appPat = appCustom.SaveCredential("github-pat", pat);
        var alicePat = appCustom.SaveCredential("github-pat", pat, Alice);
        var agent = app.Agents.Create("bot", Everything);
        await using var asAgent = new App(agent.Key.ApiKey, world.Options);
        await using var asAgentCustom = new CustomApp(agent.Key.ApiKey, world.Options, GitHubPat(world));
        var (sent, wire) = (world.Sandbox.State.ApiRequests.Count, world.Wire.Sent.Count);

        foreach (var grant in new[] { appSlack.GrantId, aliceSlack.GrantId })
        {
            var typed = await Assert.ThrowsAsync<GrantNotFoundException>(() => asAgent.Slack.WithGrant(grant).Auth.Test());
            var absent = await Assert.ThrowsAsync<GrantNotFoundException>(() => asAgent.Slack.WithGrant(Absent).Auth.Test());
            Assert.Equal(absent.Message.Replace(Absent, grant, StringComparison.Ordinal), typed.Message);
            await Assert.ThrowsAsync<GrantNotFoundException>(() => asAgent.Request(HttpMethod.Post, "auth.test", grant));
        }
        foreach (var grant in new[] { appPat.Id, alicePat.Id })
        {
            var untyped = await Assert.ThrowsAsync<GrantNotFoundException>(() => asAgentCustom.Request(HttpMethod.Get, "user", grant));
            var absent = await Assert.ThrowsAsync<GrantNotFoundException>(() => asAgentCustom.Request(HttpMethod.Get, "user", Absent));
            Assert.Equal(absent.Message.Replace(Absent, grant, StringComparison.Ordinal), untyped.Message);
        }
        var noFallback = await Assert.ThrowsAsync<ConnectRequiredException>(() => asAgent.Slack.Auth.Test()); // the app's only Slack grant is not the agent's
        Assert.Equal(agent.Agent.Principal, noFallback.Principal);
        // Acting for a user (delegation) or for the app is refused, not ignored.
        await Assert.ThrowsAsync<AgentAccessException>(() => asAgent.Slack.ForUser(Alice).WithGrant(aliceSlack.GrantId).Auth.Test());
        await Assert.ThrowsAsync<AgentAccessException>(() => asAgent.Slack.ForUser(Principal.ForApp(app.Info.Id)).Auth.Test());
        Assert.Throws<AgentAccessException>(() => asAgentCustom.SaveCredential("github-pat", pat, Alice));
        await Assert.ThrowsAsync<AgentAccessException>(() => asAgent.Connect(["slack"], new ConnectOptions { Owner = Alice }));

        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);                     // nothing reached the sandbox
        Assert.Equal(wire, world.Wire.Sent.Count);
        var rows = await app.Audit(new AuditQuery { Limit = 1000 });
        var agentRows = rows.Where(r => r.Principal == agent.Agent.Principal.Key).ToList();
        Assert.Contains(agentRows, r => r.Outcome == "error:grant_not_found" && r.Provider == "slack");
        Assert.Equal(2, agentRows.Count(r => r.Outcome == "denied:agent_access"));
        Assert.All(agentRows, r => Assert.Equal("agent " + agent.Agent.Id, r.Caller));
        Assert.DoesNotContain(rows, r => r.Principal == Alice.Key && r.Caller != "tests");
    }

    [Fact]
    public async Task An_agents_own_static_credential_and_connection_work_and_are_audited_as_the_agent()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var pat = await SandboxGitHubTokenAsync(world, app);
        var agent = app.Agents.Create("bot", Everything);
        await using var asAgent = new App(agent.Key.ApiKey, world.Options);
        await using var asAgentCustom = new CustomApp(agent.Key.ApiKey, world.Options, GitHubPat(world));

        var credential = asAgentCustom.SaveCredential("github-pat", pat);
        using var response = await asAgentCustom.Request(HttpMethod.Get, "user", credential.Id);
        var slack = Assert.Single(await asAgent.Connect(["slack"]));
        var test = await asAgent.Slack.Auth.Test();

        response.EnsureSuccessStatusCode();
        Assert.True(test.Ok);
        Assert.Equal(agent.Agent.Principal, credential.Owner);
        Assert.Equal(agent.Agent.Principal, slack.Owner);
        Assert.Equal("token " + pat, world.Wire.Sent.First(s => s.Uri.AbsolutePath.EndsWith("/user", StringComparison.Ordinal)).Authorization);
        AssertNotInDatabase(world, pat);
        Assert.Equal(new[] { credential.Id, slack.GrantId }.Order(StringComparer.Ordinal), app.Agents.Show("bot")!.Grants.Select(g => g.Id).Order(StringComparer.Ordinal));
        var rows = await asAgent.Audit(new AuditQuery { Limit = 1000 });             // an agent reads its own rows only
        Assert.All(rows, r => Assert.Equal((agent.Agent.Principal.Key, "agent " + agent.Agent.Id), (r.Principal, r.Caller)));
        Assert.Contains(rows, r => r.Operation == "credential.save" && r.GrantId == credential.Id);
        Assert.Contains(rows, r => r.Operation == "users/get-authenticated" && r.Outcome == "ok" && r.GrantId == credential.Id); // Request, mapped to its operation
        Assert.Contains(rows, r => r.Operation == "auth.test" && r.Outcome == "ok" && r.GrantId == slack.GrantId);
        Assert.DoesNotContain(rows, r => r.Principal == Principal.ForApp(app.Info.Id).Key);
        await Assert.ThrowsAsync<AgentAccessException>(() => asAgent.Audit(new AuditQuery { Principal = Principal.ForApp(app.Info.Id) }));
    }

    [Fact]
    public async Task An_agents_app_cannot_administer_agents_users_or_other_principals_grants()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var appSlack = Assert.Single(await app.Connect(["slack"]));
        var agent = app.Agents.Create("bot", Everything);
        await using var asAgent = new App(agent.Key.ApiKey, world.Options);

        Assert.Throws<AgentAccessException>(() => asAgent.Agents.Create("another"));
        Assert.Throws<AgentAccessException>(() => asAgent.Agents.List());
        Assert.Throws<AgentAccessException>(() => asAgent.Agents.MintKey("bot"));
        Assert.Throws<AgentAccessException>(() => asAgent.Users.List());
        Assert.Throws<AgentAccessException>(() => asAgent.Users.Show(Alice));
        Assert.Throws<AgentAccessException>(() => asAgent.ListGrants());
        Assert.Throws<AgentAccessException>(() => asAgent.GetGrant(appSlack.GrantId));
        await Assert.ThrowsAsync<AgentAccessException>(() => asAgent.RevokeGrant(appSlack.GrantId));
        await Assert.ThrowsAsync<AgentAccessException>(() => asAgent.RemoveGrant(appSlack.GrantId));
        Assert.Throws<AgentAccessException>(() => asAgent.WebConnect);

        Assert.NotNull(app.GetGrant(appSlack.GrantId));                                // untouched
        Assert.Single(app.Agents.List());
    }

    [Fact]
    public async Task A_principal_source_alongside_an_agent_key_is_refused_rather_than_ignored()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var agent = app.Agents.Create("bot", Everything);
        await using (var plain = new App(agent.Key.ApiKey, world.Options)) await plain.Connect(["slack"]);
        world.Options.PrincipalSource = _ => ValueTask.FromResult<Principal?>(Alice);
        await using var asAgent = new App(agent.Key.ApiKey, world.Options);
        var sent = world.Sandbox.State.ApiRequests.Count;

        var refused = await Assert.ThrowsAsync<AgentAccessException>(() => asAgent.Slack.Auth.Test());

        Assert.Contains("PrincipalSource", refused.Message, StringComparison.Ordinal);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
    }

    [Fact]
    public async Task Removing_an_agent_refuses_its_keys_and_wipes_its_grants()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var pat = await SandboxGitHubTokenAsync(world, app);
        var agent = app.Agents.Create("bot", Everything);
        await using (var asAgentCustom = new CustomApp(agent.Key.ApiKey, world.Options, GitHubPat(world)))
            asAgentCustom.SaveCredential("github-pat", pat);

        var removal = await app.Agents.Remove("bot");

        Assert.NotNull(removal);
        Assert.Equal(agent.Agent.Principal, removal.Principal);
        Assert.Single(removal.Grants);
        Assert.Null(app.Agents.Show("bot"));
        Assert.Empty(app.Users.Show(agent.Agent.Principal));
        Assert.Equal(ApiKeyRefusal.Unknown, Assert.Throws<ApiKeyException>(() => new App(agent.Key.ApiKey, world.Options)).Reason);
        Assert.Null(await app.Agents.Remove("bot"));
        AssertNotInDatabase(world, pat);
    }

    private sealed class CustomApp(string apiKey, AlterOptions options, ProviderDescriptor provider) : AlterApp(apiKey, options, [provider]);
}
