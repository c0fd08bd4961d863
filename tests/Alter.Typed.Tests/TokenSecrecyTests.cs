using System.Text;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>A token exists only on the wire to the provider: never in the audit table, a log line, an exception or the database file.</summary>
public sealed class TokenSecrecyTests
{
    [Fact]
    public async Task Tokens_never_appear_in_audit_rows_logs_errors_or_the_sqlite_file()
    {
        await using var world = await TestWorld.StartAsync();
        var errors = new List<string>();
        await using (var app = world.OpenApp())
        {
            await app.Connect(["slack"]);
            await app.Connect(["github"]);
            await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "one" });
            world.Sandbox.State.ExpireAccessTokens("slack");   // forces a refresh: a second generation of tokens
            await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "two" });
            await app.GitHub.Users.GetAuthenticated();
            errors.Add((await Assert.ThrowsAsync<ProviderApiException>(() => app.Slack.Chat.PostMessage(new() { Channel = "#nowhere", Text = "x" }))).ToString());
            errors.Add((await Assert.ThrowsAsync<HostNotAllowedException>(() => app.Request(HttpMethod.Get, "https://elsewhere.invalid/x", app.ListGrants("slack")[0].Id))).ToString());
            world.Sandbox.State.RevokeAll("github");
            errors.Add((await Assert.ThrowsAsync<ReauthRequiredException>(() => app.GitHub.Users.GetAuthenticated())).ToString());
        }

        var secrets = world.SecretsSeen();
        Assert.True(secrets.Count >= 4, $"expected access and refresh tokens of two providers, saw {secrets.Count}");

        // Audit rows, every column as text.
        var auditText = new StringBuilder();
        using (var connection = new SqliteConnection($"Data Source={world.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM audit";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++) auditText.Append(reader.GetValue(i)).Append('|');
        }
        Assert.Contains("chat.postMessage", auditText.ToString());

        var logText = string.Join('\n', world.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        Assert.NotEmpty(world.Logs.GetSnapshot());

        SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(world.Directory, "alter.db*");
        Assert.Contains(files, f => f.EndsWith("alter.db", StringComparison.Ordinal));
        var fileBytes = files.Select(File.ReadAllBytes).ToList();

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, auditText.ToString());
            Assert.DoesNotContain(secret, logText);
            foreach (var error in errors) Assert.DoesNotContain(secret, error);
            var needle = Encoding.UTF8.GetBytes(secret);
            foreach (var bytes in fileBytes) Assert.True(bytes.AsSpan().IndexOf(needle) < 0, "a token was found in the bytes of the SQLite file");
        }
    }

    [Fact]
    public async Task The_response_handed_to_the_caller_does_not_carry_the_token()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grant = (await app.Connect(["github"]))[0].GrantId;

        using var response = await app.Request(HttpMethod.Get, "user", grant);

        response.EnsureSuccessStatusCode();
        Assert.Null(response.RequestMessage!.Headers.Authorization);
        Assert.StartsWith("Bearer gho_", world.Wire.Sent.Last().Authorization);
    }
}
