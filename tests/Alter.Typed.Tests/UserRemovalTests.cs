using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// <c>app.Users.Remove</c>: each grant is revoked at the sandbox's revocation endpoint, and the sealed tokens leave no
/// byte behind in the SQLite file or its write-ahead log, older (refreshed) versions included.
/// </summary>
public sealed class UserRemovalTests
{
    private static readonly Principal Alice = Principal.User("https://idp.test/", "alice");
    private static readonly Principal Bob = Principal.User("https://idp.test/", "bob");

    [Fact]
    public async Task Removing_a_user_revokes_each_grant_at_the_provider_and_leaves_no_token_bytes_in_the_database_or_its_log()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var slack = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = Alice }));
        var github = Assert.Single(await app.Connect(["github"], new ConnectOptions { Owner = Alice }));
        var bobs = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = Bob }));
        var firstSlackEnvelope = Envelope(world, slack.GrantId);
        var firstSlackTokens = app.GrantStore.ReadTokens(slack.GrantId)!.Value.Tokens;
        world.Sandbox.State.ExpireAccessTokens("slack");
        Assert.True((await app.Slack.ForUser(Alice).Auth.Test()).Ok);               // refreshed: a second envelope, the first one freed
        var envelopes = new[] { firstSlackEnvelope, Envelope(world, slack.GrantId), Envelope(world, github.GrantId) };
        Assert.NotEqual(envelopes[0], envelopes[1]);
        var tokens = new[] { app.GrantStore.ReadTokens(slack.GrantId)!.Value.Tokens, app.GrantStore.ReadTokens(github.GrantId)!.Value.Tokens };
        Assert.All(envelopes[1..], e => Assert.True(InStoreFiles(world, e)));      // the scan finds what is there

        var removal = await app.Users.Remove(Alice);

        Assert.Equal(Alice, removal.Principal);
        Assert.Equal([slack.GrantId, github.GrantId], removal.Grants.Select(g => g.Id));
        Assert.Equal([slack.GrantId, github.GrantId], removal.Revoked);
        Assert.Empty(removal.NotRevoked);
        Assert.Empty(app.Users.Show(Alice));
        Assert.Equal([Bob], app.Users.List().Select(o => o.Principal));
        // The providers no longer accept alice's tokens: the sandbox's revocation endpoints saw them.
        foreach (var (provider, access) in new[] { ("slack", tokens[0].AccessToken), ("github", tokens[1].AccessToken) })
            Assert.False(await AcceptedAsync(world, provider, access), provider);
        // No byte of any of her sealed tokens, old or current, is left in the file or the log; her plaintext never was there.
        foreach (var envelope in envelopes)
            Assert.False(InStoreFiles(world, envelope));
        foreach (var secret in new[] { tokens[0].AccessToken, tokens[0].RefreshToken!, tokens[1].AccessToken, firstSlackTokens.AccessToken, firstSlackTokens.RefreshToken! })
            Assert.False(InStoreFiles(world, Encoding.UTF8.GetBytes(secret)));
        // Bob is untouched: his grant still works.
        Assert.True((await app.Slack.ForUser(Bob).Auth.Test()).Ok);
        Assert.True(await AcceptedAsync(world, "slack", app.GrantStore.ReadTokens(bobs.GrantId)!.Value.Tokens.AccessToken));
        var rows = (await app.Audit()).Where(r => r.Operation == "user.remove").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((Alice.Key, "revoked"), (r.Principal, r.Outcome)));
        await Assert.ThrowsAsync<ConnectRequiredException>(() => app.Slack.ForUser(Alice).Auth.Test());
    }

    [Fact]
    public async Task A_provider_that_refuses_the_revocation_does_not_keep_the_users_data()
    {
        await using var world = await TestWorld.StartAsync();
        world.Options.Providers["slack"].RevocationUrl = world.Sandbox.Provider("slack").ApiBaseUrl + "no.suchRevocation"; // answers 404
        await using var app = world.OpenApp();
        var slack = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = Alice }));
        var envelope = Envelope(world, slack.GrantId);
        var retired = app.GrantStore.Save("retired-provider", Alice, null, [], new Vault.TokenSet("retired-token", null, null)); // a provider this app no longer knows

        var removal = await app.Users.Remove(Alice);

        Assert.Equal([slack.GrantId, retired.Id], removal.NotRevoked);
        Assert.Empty(removal.Revoked);
        Assert.Empty(app.Users.List());
        Assert.False(InStoreFiles(world, envelope));
        Assert.All(await app.Audit(), r => Assert.True(r.Operation != "user.remove" || r.Outcome == "removed", r.ToString()));
        Assert.Equal(2, (await app.Audit()).Count(r => r.Operation == "user.remove"));
    }

    [Fact]
    public async Task A_user_can_disconnect_their_own_grant_and_not_someone_elses()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var alices = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = Alice }));
        var bobs = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = Bob }));
        var bobToken = app.GrantStore.ReadTokens(bobs.GrantId)!.Value.Tokens.AccessToken;
        var aliceToken = app.GrantStore.ReadTokens(alices.GrantId)!.Value.Tokens.AccessToken;
        var tokenReads = app.GrantStore.TokenReads;

        Assert.False(await app.Users.RevokeGrant(Alice, bobs.GrantId));            // bob's id, from alice's browser
        Assert.False(await app.Users.RevokeGrant(Alice, "grant_absent"));

        Assert.Equal(tokenReads, app.GrantStore.TokenReads);
        Assert.Equal(Bob, app.GetGrant(bobs.GrantId)!.Owner);
        Assert.True(await AcceptedAsync(world, "slack", bobToken));                // never revoked at the provider
        Assert.True(await app.Users.RevokeGrant(Alice, alices.GrantId));
        Assert.False(await AcceptedAsync(world, "slack", aliceToken));
        Assert.Null(app.GetGrant(alices.GrantId));
        Assert.Equal((Alice.Key, "revoked"), Assert.Single(await app.Audit(), r => r.Operation == "grant.revoke") is var row ? (row.Principal, row.Outcome) : default);
    }

    /// <summary>The sealed token row as stored (what an attacker with the file, but not the vault key, could look for).</summary>
    private static byte[] Envelope(TestWorld world, string grantId)
    {
        using var connection = new SqliteConnection($"Data Source={world.DatabasePath};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT envelope FROM tokens WHERE grant_id = $id";
        command.Parameters.AddWithValue("$id", grantId);
        return (byte[])command.ExecuteScalar()!;
    }

    /// <summary>Whether <paramref name="bytes"/> appear anywhere in the database file or its write-ahead log.</summary>
    private static bool InStoreFiles(TestWorld world, byte[] bytes)
        => new[] { world.DatabasePath, world.DatabasePath + "-wal" }
            .Where(File.Exists)
            .Any(file => ReadShared(file).AsSpan().IndexOf(bytes) >= 0);

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Asks the sandbox directly whether it still accepts <paramref name="token"/>.</summary>
    private static async Task<bool> AcceptedAsync(TestWorld world, string provider, string token)
    {
        using var probe = new HttpClient();
        var api = world.Sandbox.Provider(provider).ApiBaseUrl + (provider == "slack" ? "auth.test" : "user");
        using var request = new HttpRequestMessage(HttpMethod.Get, api) { Headers = { Authorization = new("Bearer", token) } };
        using var response = await probe.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK && !body.Contains("\"ok\":false", StringComparison.Ordinal);
    }
}
