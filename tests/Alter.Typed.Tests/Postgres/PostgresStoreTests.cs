using Alter.Tests.Shared.Postgres;
using Npgsql;
using Xunit;

namespace Alter.Typed.Tests.Postgres;

/// <summary>What only the shared store has: its migrations, its connection errors, and no fallback to a SQLite file.</summary>
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task Instances_opening_a_fresh_database_at_once_migrate_it_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync("migrate");
        // Distinct connection strings: each is its own data source, as in separate processes, so all eight race to migrate.
        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            AlterAdmin.Open(new AlterOptions { VaultKey = new byte[32] }.UsePostgreSql(database + $";Application Name=instance{i}")))));

        opened[0].CreateApp("shop");
        Assert.Single(opened[7].ListApps(), a => a.Name == "shop");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var versions = new NpgsqlCommand("SELECT count(*), max(version) FROM alter_schema", connection);
        await using var reader = await versions.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt64(0));
        Assert.Equal(Alter.Typed.PostgreSql.PostgresSchema.Latest, reader.GetInt32(1));
    }

    [Fact]
    public async Task A_refused_password_is_a_clear_error_that_does_not_repeat_the_password()
    {
        var database = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("password")) { Password = "not-the-password-7f3a" }.ToString();

        var error = Assert.Throws<StoreUnavailableException>(() => AlterAdmin.Open(new AlterOptions().UsePostgreSql(database)));

        Assert.Contains("Could not connect to the PostgreSQL store", error.Message);
        Assert.DoesNotContain("not-the-password-7f3a", error.ToString());
    }

    [Fact]
    public void A_connection_string_without_the_store_package_set_up_fails_and_creates_no_sqlite_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "alter-nofallback-" + Guid.NewGuid().ToString("N"));
        var options = new AlterOptions { HomeDirectory = folder, ConnectionString = "Host=127.0.0.1;Database=alter;Username=alter" };

        var error = Assert.Throws<AlterException>(() => AlterAdmin.Open(options));

        Assert.Contains("AlterTyped.PostgreSql", error.Message);
        Assert.Contains("UsePostgreSql", error.Message);
        Assert.False(Directory.Exists(folder)); // no store of its own instead: not even the folder
    }

    [Fact]
    public async Task A_taken_app_name_is_refused_as_on_sqlite()
    {
        var admin = AlterAdmin.Open(new AlterOptions { VaultKey = new byte[32] }.UsePostgreSql(await TestPostgres.CreateDatabaseAsync("names")));
        admin.CreateApp("shop");

        var error = Assert.Throws<AlterException>(() => admin.CreateApp("shop"));

        Assert.Contains("already exists", error.Message);
    }

    [Fact]
    public async Task Audit_rows_are_chained_contiguously_and_the_signed_head_names_the_last_one()
    {
        await using var world = await TestWorld.StartAsync(TestStore.PostgreSql);
        await using (var app = world.OpenApp())
        {
            await app.Connect(["slack"]);
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = $"row {i}" })));
        }

        await using var connection = new NpgsqlConnection(world.Options.ConnectionString);
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT count(*), min(seq), max(seq), count(DISTINCT mac), max(id) FROM audit WHERE mac IS NOT NULL", connection);
        long count, maxSeq, macs, maxId;
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            (count, maxSeq, macs, maxId) = (reader.GetInt64(0), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            Assert.Equal(1, reader.GetInt64(1));
        }
        Assert.True(count >= 41);                  // the connect's row and forty calls
        Assert.Equal(count, maxSeq);               // no gap, no repeat
        Assert.Equal(count, macs);                 // every MAC differs (each covers the previous one)
        await using var head = new NpgsqlCommand("SELECT h.head_id, h.head_seq, h.head_mac = a.mac FROM audit_chain h JOIN audit a ON a.id = h.head_id", connection);
        await using var headReader = await head.ExecuteReaderAsync();
        Assert.True(await headReader.ReadAsync());
        Assert.Equal(maxId, headReader.GetInt64(0));
        Assert.Equal(maxSeq, headReader.GetInt64(1));
        Assert.True(headReader.GetBoolean(2));
    }

    [Fact]
    public async Task Provider_settings_saved_without_a_secret_keep_the_stored_one()
    {
        var admin = AlterAdmin.Open(new AlterOptions { VaultKey = new byte[32] }.UsePostgreSql(await TestPostgres.CreateDatabaseAsync("settings")));
        admin.CreateApp("shop");
        admin.ConfigureProvider("shop", "slack", new ProviderSettings { ClientId = "client-1", ClientSecret = "shh-secret-1" });

        admin.ConfigureProvider("shop", "slack", new ProviderSettings { ClientId = "client-2" }); // a null secret: keep the stored one

        var stored = Assert.Single(admin.ListProviderSettings("shop"));
        Assert.Equal("client-2", stored.ClientId);
        Assert.True(stored.HasClientSecret);
    }
}
