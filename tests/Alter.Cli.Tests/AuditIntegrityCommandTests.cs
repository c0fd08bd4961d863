using Microsoft.Data.Sqlite;

namespace Alter.Cli.Tests;

/// <summary><c>alter audit verify</c> and <c>alter audit prune</c> on a real store, edited by hand as an attacker would.</summary>
public sealed class AuditIntegrityCommandTests
{
    [Fact]
    public async Task Verify_passes_on_a_clean_log_and_fails_naming_the_edited_row()
    {
        await using var world = await CliWorld.StartAsync();
        var key = await world.CreateAppWithKeyAsync();
        for (var i = 0; i < 3; i++) // refusals are audited too: three rows without any provider
            (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_nope", "--key", key)).AssertOneLineError(ExitCodes.NotFound);

        var clean = await world.RunAsync("audit", "verify", "--key", key);
        clean.AssertOk();
        Assert.StartsWith("3 rows verified, chain intact", clean.OutputLines[0], StringComparison.Ordinal);
        var json = await world.RunAsync("audit", "verify", "--app", "demo", "-o", "json");
        json.AssertOk();
        Assert.True(json.Json.GetProperty("intact").GetBoolean());
        Assert.Equal(3, json.Json.GetProperty("rowsVerified").GetInt64());

        var middle = Ids(world)[1];
        Execute(world, $"UPDATE audit SET outcome = 'ok' WHERE id = {middle}");
        var broken = await world.RunAsync("audit", "verify", "--key", key);
        Assert.Contains($"row id {middle} (Edited)", broken.AssertOneLineError(ExitCodes.AuditBroken), StringComparison.Ordinal);
        var brokenJson = await world.RunAsync("audit", "verify", "--key", key, "-o", "json");
        Assert.Equal(ExitCodes.AuditBroken, brokenJson.ExitCode);
        Assert.Equal(middle, brokenJson.Json.GetProperty("break").GetProperty("rowId").GetInt64());

        // Nothing is pruned from a broken chain.
        var prune = await world.RunAsync("audit", "prune", "--older-than", "1s", "--key", key);
        Assert.Contains("nothing was pruned", prune.AssertOneLineError(ExitCodes.BadInput), StringComparison.Ordinal);
        Assert.Equal(3, world.Count("audit"));
    }

    [Fact]
    public async Task Prune_deletes_rows_past_the_age_and_the_chain_still_verifies()
    {
        await using var world = await CliWorld.StartAsync();
        var key = await world.CreateAppWithKeyAsync();
        for (var i = 0; i < 4; i++)
            (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_nope", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("audit", "prune", "--older-than", "soon", "--key", key)).AssertOneLineError(ExitCodes.BadInput);

        var kept = await world.RunAsync("audit", "prune", "--older-than", "1d", "--app", "demo", "-o", "json");
        kept.AssertOk();
        Assert.Equal(0, kept.Json.GetProperty("rowsDeleted").GetInt64());
        await Task.Delay(1100);
        var pruned = await world.RunAsync("audit", "prune", "--older-than", "1s", "--key", key);
        pruned.AssertOk();
        Assert.StartsWith("4 rows older than", pruned.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal(0, world.Count("audit"));

        (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_nope", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        var verified = await world.RunAsync("audit", "verify", "--key", key);
        verified.AssertOk();
        Assert.StartsWith("1 rows verified, chain intact", verified.OutputLines[0], StringComparison.Ordinal);
    }

    private static List<long> Ids(CliWorld world)
    {
        using var connection = Open(world);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM audit ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static void Execute(CliWorld world, string sql)
    {
        using var connection = Open(world);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(CliWorld world)
    {
        var connection = new SqliteConnection($"Data Source={world.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }
}
