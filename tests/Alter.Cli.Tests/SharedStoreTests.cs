using Alter.Tests.Shared.Postgres;

namespace Alter.Cli.Tests;

/// <summary>The same commands against the shared PostgreSQL store (<c>--store</c>), as another instance sees it.</summary>
public sealed class SharedStoreTests
{
    [Fact]
    public async Task Apps_and_keys_made_with_store_are_seen_by_another_home_on_the_same_store_and_no_sqlite_file_is_made()
    {
        var store = await TestPostgres.CreateDatabaseAsync("cli");
        await using var first = await CliWorld.StartAsync();
        await using var second = await CliWorld.StartAsync();   // another machine's home: nothing shared but the store

        (await first.RunAsync("--store", store, "apps", "create", "shop")).AssertOk();
        var minted = await first.RunAsync("--store", store, "keys", "mint", "shop", "--output", "json");
        minted.AssertOk();

        var listed = await second.RunAsync("--store", store, "keys", "list", "shop", "--output", "json");
        listed.AssertOk();
        Assert.Contains(minted.Json.GetProperty("id").GetString()!, listed.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(first.DatabasePath));
        Assert.False(File.Exists(second.DatabasePath));
    }

    [Fact]
    public async Task A_sqlite_file_and_a_store_together_are_refused()
    {
        await using var world = await CliWorld.StartAsync();

        var refused = await world.RunAsync("--db", world.DatabasePath, "--store", "Host=127.0.0.1;Database=alter", "apps", "list");

        Assert.Contains("give one of them", refused.AssertOneLineError(ExitCodes.BadInput), StringComparison.Ordinal);
    }
}
