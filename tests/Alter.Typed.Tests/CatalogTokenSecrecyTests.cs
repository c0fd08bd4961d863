using System.Text;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// The secrecy check of <see cref="TokenSecrecyTests"/> over every emulated provider: each one's OAuth answers, refresh
/// and error bodies differ, and none of them may bring a token into an audit row, a log line, a response or the store.
/// </summary>
public sealed class CatalogTokenSecrecyTests
{
    /// <summary>Every provider the sandbox emulates; <see cref="The_list_covers_every_emulated_provider"/> keeps it complete.</summary>
    private static readonly string[] Ids =
    [
        "slack", "github", "notion", "spotify", "discord", "gmail", "google-calendar", "google-drive",
        "gitlab", "asana", "box", "figma", "hubspot", "zoom", "dropbox", "microsoft",
    ];

    /// <summary>The ids as theory data.</summary>
    public static TheoryData<string> Providers => [.. Ids];

    [Fact]
    public async Task The_list_covers_every_emulated_provider()
    {
        await using var world = await TestWorld.StartAsync();
        Assert.Equal(world.Sandbox.Providers.Select(p => p.Id).Order(), Ids.Order());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Connect_refresh_and_an_error_answer_leave_no_token_anywhere(string provider)
    {
        await using var world = await TestWorld.StartAsync();
        var seen = new StringBuilder();
        await using (var app = world.OpenApp())
        {
            var grantId = await CatalogCalls.ConnectAsync(app, provider);
            world.Sandbox.State.ExpireAccessTokens(provider);
            // An unknown path: providers that authenticate first answer 401 (a refresh and a retry), then their not-found body.
            using var response = await app.Request(HttpMethod.Get, "alter-secrecy-probe", grantId);
            seen.Append(await response.Content.ReadAsStringAsync()).Append('\n').Append(response.RequestMessage);
        }

        var secrets = world.SecretsSeen();
        Assert.True(secrets.Count >= 2, $"{provider}: expected at least an access and a refresh token, saw {secrets.Count}");

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
        Assert.Contains(provider, auditText.ToString());
        var logText = string.Join('\n', world.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        SqliteConnection.ClearAllPools();
        var fileBytes = Directory.GetFiles(world.Directory, "alter.db*").Select(File.ReadAllBytes).ToList();

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, auditText.ToString());
            Assert.DoesNotContain(secret, logText);
            Assert.DoesNotContain(secret, seen.ToString());
            var needle = Encoding.UTF8.GetBytes(secret);
            foreach (var bytes in fileBytes) Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{provider}: a token was found in the bytes of the SQLite file");
        }
    }
}
