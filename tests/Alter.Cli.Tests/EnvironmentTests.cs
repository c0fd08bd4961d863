namespace Alter.Cli.Tests;

/// <summary>Tests that set process-wide environment variables: they run alone, after the parallel ones.</summary>
[CollectionDefinition("environment", DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection("environment")]
public sealed class EnvironmentTests
{
    [Fact]
    public async Task The_key_defaults_to_ALTER_API_KEY_and_no_key_at_all_is_exit_3()
    {
        await using var world = await CliWorld.StartAsync();
        var key = await world.CreateAppWithKeyAsync();
        var previous = Environment.GetEnvironmentVariable("ALTER_API_KEY");
        try
        {
            Environment.SetEnvironmentVariable("ALTER_API_KEY", key);
            (await world.RunAsync("grants", "list")).AssertOk();
            var help = await world.RunAsync("grants", "list", "--help");
            Assert.DoesNotContain(key, help.Output, StringComparison.Ordinal); // the default is never shown

            Environment.SetEnvironmentVariable("ALTER_API_KEY", null);
            var before = world.Snapshot();
            Assert.Contains("No API key", (await world.RunAsync("grants", "list")).AssertOneLineError(ExitCodes.KeyRefused), StringComparison.Ordinal);
            Assert.Equal(before, world.Snapshot());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ALTER_API_KEY", previous);
        }
    }
}
