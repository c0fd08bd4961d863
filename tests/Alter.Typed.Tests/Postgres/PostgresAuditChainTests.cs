using Alter.Tests.Shared.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Alter.Typed.Tests.Postgres;

/// <summary>
/// The audit chain on the shared store, tried as someone with write access to the database would: an edited row, a
/// deleted row and a truncated tail are each found and named; retention keeps what is left verifiable.
/// </summary>
public sealed class PostgresAuditChainTests
{
    private static async Task<(TestWorld World, string AppId)> WorldWithCallsAsync(int calls)
    {
        var world = await TestWorld.StartAsync(TestStore.PostgreSql);
        await using var app = world.OpenApp();
        await app.Connect(["slack"]);
        for (var i = 0; i < calls; i++) await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = $"call {i}" });
        return (world, AlterAdmin.Open(world.Options).FindApp("tests")!.Id);
    }

    private static async Task ExecuteAsync(TestWorld world, string sql)
    {
        await using var connection = new NpgsqlConnection(world.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task An_untouched_chain_verifies_every_row()
    {
        var (world, _) = await WorldWithCallsAsync(12);
        await using var _w = world;

        var verification = AlterAdmin.Open(world.Options).VerifyAudit("tests");

        Assert.Null(verification.Break);
        Assert.Equal(13, verification.RowsVerified); // the connect's row and twelve calls
    }

    [Theory]
    [InlineData("UPDATE audit SET outcome = 'ok:edited' WHERE seq = 5", AuditBreakKind.Edited)]
    [InlineData("DELETE FROM audit WHERE seq = 6", AuditBreakKind.Missing)]
    [InlineData("DELETE FROM audit WHERE seq > 10", AuditBreakKind.Truncated)]
    [InlineData("UPDATE audit_chain SET head_seq = head_seq - 1", AuditBreakKind.HeadForged)]
    public async Task A_change_made_in_the_database_is_found(string tamper, AuditBreakKind expected)
    {
        var (world, _) = await WorldWithCallsAsync(12);
        await using var _w = world;
        await ExecuteAsync(world, tamper);

        var verification = AlterAdmin.Open(world.Options).VerifyAudit("tests");

        Assert.Equal(expected, verification.Break?.Kind);
    }

    [Fact]
    public async Task Pruning_old_rows_keeps_the_chain_verifiable_and_new_rows_extend_it()
    {
        var (world, _) = await WorldWithCallsAsync(8);
        await using var _w = world;
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2));
        var admin = AlterAdmin.Open(new AlterOptions { VaultKey = world.Options.VaultKey, TimeProvider = later }.UsePostgreSql(world.Options.ConnectionString!));

        var pruned = admin.PruneAudit("tests", TimeSpan.FromHours(1));

        Assert.Equal(9, pruned.RowsDeleted);
        Assert.Null(admin.VerifyAudit("tests").Break);
        await using (var app = world.OpenApp())
            for (var i = 0; i < 3; i++) await app.Slack.Auth.Test();
        var after = admin.VerifyAudit("tests");
        Assert.Null(after.Break);
        Assert.Equal(3, after.RowsVerified);
    }

    [Fact]
    public async Task A_broken_chain_is_not_pruned()
    {
        var (world, _) = await WorldWithCallsAsync(6);
        await using var _w = world;
        await ExecuteAsync(world, "UPDATE audit SET status = 201 WHERE seq = 3");
        var admin = AlterAdmin.Open(new AlterOptions { VaultKey = world.Options.VaultKey, TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2)) }.UsePostgreSql(world.Options.ConnectionString!));

        var error = Assert.Throws<AlterException>(() => admin.PruneAudit("tests", TimeSpan.FromHours(1)));

        Assert.Contains("nothing was pruned", error.Message);
        await using var connection = new NpgsqlConnection(world.Options.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM audit", connection);
        Assert.Equal(7L, await count.ExecuteScalarAsync());
    }
}
