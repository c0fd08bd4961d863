namespace Alter.Cli.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("apps", "create")]
    [InlineData("apps", "list", "--output", "xml")]
    [InlineData("apps", "list", "--nope")]
    [InlineData("request", "GET", "chat.postMessage")]
    public async Task Usage_errors_are_one_line_and_exit_1(params string[] args)
    {
        await using var world = await CliWorld.StartAsync();
        var result = await world.RunAsync(args);
        var line = result.AssertOneLineError(ExitCodes.BadInput);
        Assert.Contains("--help", line, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        Assert.False(File.Exists(world.DatabasePath)); // nothing ran: not even a store was created
    }

    [Fact]
    public async Task Help_lists_every_command_area()
    {
        await using var world = await CliWorld.StartAsync();
        var help = await world.RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        foreach (var area in new[] { "apps", "keys", "providers", "connect", "grants", "audit", "request", "catalog" })
            Assert.Matches(@"(?m)^\s+" + area + @"\b", help.Output);
        Assert.Contains("--output", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_duration_is_refused_before_the_key_is_even_read()
    {
        await using var world = await CliWorld.StartAsync();
        (await world.RunAsync("audit", "list", "--since", "yesterday-ish", "--key", "x")).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("connect", "slack", "--timeout", "soon", "--key", "x")).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("audit", "list", "--limit", "0", "--key", "x")).AssertOneLineError(ExitCodes.BadInput);
    }
}
