using System.Diagnostics;

using Alter.Tests.Shared.Postgres;

using Npgsql;

using Xunit;
using Xunit.Abstractions;

namespace Alter.Typed.Tests.Postgres;

/// <summary>The throwaway PostgreSQL server the PostgreSQL tests stand on: isolated databases, loopback only, restartable.</summary>
public sealed class TestPostgresTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Each_database_is_its_own()
    {
        var watch = Stopwatch.StartNew();
        var first = await TestPostgres.CreateDatabaseAsync("isolation");
        var created = watch.Elapsed;
        var second = await TestPostgres.CreateDatabaseAsync("isolation");
        output.WriteLine($"first start {(await TestPostgres.StartupTimeAsync()).TotalMilliseconds:F0} ms; "
            + $"first database (with the start when this test ran first) {created.TotalMilliseconds:F0} ms; second {(watch.Elapsed - created).TotalMilliseconds:F0} ms");

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        await ExecuteAsync(first, "CREATE TABLE grants (id text PRIMARY KEY); INSERT INTO grants VALUES ('g1')");
        Assert.Equal(1L, await ScalarAsync(first, "SELECT count(*) FROM grants"));
        // The other database has no such table at all (42P01: undefined_table), let alone the row.
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(second, "SELECT count(*) FROM grants"));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only_with_its_socket_in_its_own_folder()
    {
        Assert.False(TestPostgres.IsExternal, $"This test checks the fixture's own server; unset {TestPostgres.ServerVariable} to run it.");
        var database = await TestPostgres.CreateDatabaseAsync("listen");

        Assert.Equal("127.0.0.1", await ScalarAsync(database, "SHOW listen_addresses"));
        var socketFolder = (string)(await ScalarAsync(database, "SHOW unix_socket_directories"))!;
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), socketFolder, StringComparison.Ordinal);
        Assert.Equal("off", await ScalarAsync(database, "SHOW fsync"));
        // A password is required over TCP: the same connection without it is refused.
        var noPassword = new NpgsqlConnectionStringBuilder(database) { Password = null, Pooling = false }.ConnectionString;
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(noPassword, "SELECT 1"));
    }

    /// <summary>Each call on a fresh unpooled connection: a pooled one may be a connection a restart broke.</summary>
    internal static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    internal static async Task ExecuteAsync(string connectionString, string sql) => await ScalarAsync(connectionString, sql);
}

/// <summary>Restarting and killing the shared server: alone in their collection, so no parallel test is hit.</summary>
[Collection(PostgresRestarts.Name)]
public sealed class TestPostgresRestartTests(ITestOutputHelper output)
{
    private static Task<object?> ScalarAsync(string connectionString, string sql) => TestPostgresTests.ScalarAsync(connectionString, sql);

    private static Task ExecuteAsync(string connectionString, string sql) => TestPostgresTests.ExecuteAsync(connectionString, sql);

    [Fact]
    public async Task A_restart_breaks_open_connections_and_new_ones_succeed()
    {
        var database = await TestPostgres.CreateDatabaseAsync("restart");
        await ExecuteAsync(database, "CREATE TABLE survives (id int); INSERT INTO survives VALUES (1)");
        var startedBefore = await ScalarAsync(database, "SELECT pg_postmaster_start_time()");

        await using var open = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await open.OpenAsync();
        var watch = Stopwatch.StartNew();
        await TestPostgres.RestartAsync();
        output.WriteLine($"restart {watch.Elapsed.TotalMilliseconds:F0} ms");

        await using (var stale = new NpgsqlCommand("SELECT 1", open))
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => stale.ExecuteScalarAsync());
        Assert.NotEqual(startedBefore, await ScalarAsync(database, "SELECT pg_postmaster_start_time()"));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM survives"));
    }

    [Fact]
    public async Task A_killed_server_refuses_connections_until_started_again()
    {
        var database = await TestPostgres.CreateDatabaseAsync("kill");
        await ExecuteAsync(database, "CREATE TABLE committed (id int); INSERT INTO committed VALUES (1)");

        await TestPostgres.KillAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(database, "SELECT 1"));
        }
        finally
        {
            await TestPostgres.StartAsync();
        }

        // Crash recovery replays the committed row.
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM committed"));
    }
}
