using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Every reading of time in the runtime goes through <see cref="AlterOptions.TimeProvider"/>, so tests move one clock and the
/// whole runtime follows. The system clock is named once, as that option's default.
/// </summary>
public sealed class OneClockTests
{
    [Fact]
    public void The_runtime_names_the_system_clock_only_as_the_default_of_the_options_clock()
    {
        var runtime = Path.Combine(RepositoryRoot(), "runtime");
        var hits = Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories)
            .Where(static f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(runtime, f), Line: i + 1, Text: line.Trim())))
            .Where(static l => l.Text.Contains("DateTimeOffset.UtcNow", StringComparison.Ordinal)
                || l.Text.Contains("DateTime.UtcNow", StringComparison.Ordinal)
                || l.Text.Contains("TimeProvider.System", StringComparison.Ordinal))
            .ToList();

        var hit = Assert.Single(hits);
        Assert.Equal(Path.Combine("Alter.Typed", "AlterOptions.cs"), hit.File);
        Assert.Equal("internal static TimeProvider DefaultClock => TimeProvider.System;", hit.Text);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AlterTyped.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find AlterTyped.sln above " + AppContext.BaseDirectory);
    }
}
