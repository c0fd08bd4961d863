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
        foreach (var area in new[] { "apps", "keys", "providers", "connect", "grants", "users", "audit", "request", "catalog" })
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

    [Fact]
    public async Task No_arguments_print_the_help_and_exit_1()
    {
        await using var world = await CliWorld.StartAsync();
        var output = new WatchingWriter(null);
        var code = await Program.RunAsync([], new System.CommandLine.InvocationConfiguration { Output = output, Error = new WatchingWriter(null) });
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_adds_the_details_after_the_one_line_error()
    {
        await using var world = await CliWorld.StartAsync();
        var quiet = await world.RunAsync("keys", "mint", "nope");
        quiet.AssertOneLineError(ExitCodes.NotFound);
        var verbose = await world.RunAsync("keys", "mint", "nope", "--verbose");
        Assert.Equal(ExitCodes.NotFound, verbose.ExitCode);
        var lines = verbose.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(quiet.Error.Trim(), lines[0].Trim());
        Assert.Contains(lines, l => l.Contains("   at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("24h", 86_400)]
    [InlineData("7d", 604_800)]
    [InlineData("1.5h", 5_400)]
    [InlineData("00:02:00", 120)]
    [InlineData("1h30m", 5_400)]
    [InlineData("45", 45)]
    public void Durations_parse_the_usual_shapes(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.Equal(duration, Durations.Parse(Durations.Format(duration), "--x"));
    }

    [Fact]
    public void Since_takes_a_duration_back_from_now_or_an_iso_date_in_utc()
    {
        var now = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddHours(-24), Durations.ParseSince("24h", now));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), Durations.ParseSince("2026-01-02", now));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 8, 0, 0, TimeSpan.Zero), Durations.ParseSince("2026-01-02T10:00:00+02:00", now));
        Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => Durations.ParseSince("0s", now)).ExitCode);
        Assert.False(Durations.TryParse("-5m", out _));
    }
}
