using Xunit;

namespace Alter.Typed.Tests;

public class ApiKeyTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    [Fact]
    public async Task Minted_key_opens_its_app_and_is_stored_only_as_a_hash()
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using (var app = world.OpenApp()) Assert.Equal("tests", app.Info.Name);

        world.AssertNotStored(world.ApiKey[(world.ApiKey.LastIndexOf('_') + 1)..]);
    }

    [Theory]
    [InlineData("", "No API key")]
    [InlineData("not-a-key", "malformed")]
    [InlineData("alter_key_app_abcdefghijkl_0123456789012345678901234567890123456789", "not known")]
    public async Task Bad_keys_are_refused_with_what_to_do(string key, string expected)
    {
        await using var world = await TestWorld.StartAsync(Store);
        var error = Assert.Throws<ApiKeyException>(() => new App(key, world.Options));
        Assert.Contains(expected, error.Message);
        Assert.Contains("alter keys mint", error.Message);
    }

    [Fact]
    public async Task Revoked_key_is_refused()
    {
        await using var world = await TestWorld.StartAsync(Store);
        var admin = AlterAdmin.Open(world.Options);
        var keyId = world.ApiKey.Split('_')[3];

        Assert.True(admin.RevokeKey(keyId));

        Assert.Contains("revoked", Assert.Throws<ApiKeyException>(() => new App(world.ApiKey, world.Options)).Message);
    }
}
