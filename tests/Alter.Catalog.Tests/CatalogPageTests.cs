using Xunit;

namespace Alter.Catalog.Tests;

/// <summary><c>providers/README.md</c> is generated from the descriptions and must be current.</summary>
public sealed class CatalogPageTests
{
    [Fact]
    public void Catalog_page_is_current()
    {
        var expected = CatalogPage.Render(Catalog.All);
        var actual = File.Exists(Catalog.PagePath) ? File.ReadAllText(Catalog.PagePath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (actual == expected) return;
        if (Environment.GetEnvironmentVariable(CatalogPage.UpdateVariable) == "1")
        {
            File.WriteAllText(Catalog.PagePath, expected);
            return;
        }
        Assert.Fail(actual is null
            ? $"providers/README.md is missing. Generate it: {CatalogPage.UpdateVariable}=1 dotnet test tests/Alter.Catalog.Tests"
            : $"providers/README.md is out of date with providers/*/*.provider.json. Regenerate it: {CatalogPage.UpdateVariable}=1 dotnet test tests/Alter.Catalog.Tests" +
              $" (first differing line {FirstDifference(expected, actual)})");
    }

    [Fact]
    public void Catalog_page_lists_every_provider()
    {
        var page = CatalogPage.Render(Catalog.All);
        foreach (var d in Catalog.All)
            Assert.Contains($"| [`{d.Id}`]({d.Id}/{d.Id}.provider.json) | {d.Name} |", page, StringComparison.Ordinal);
    }

    private static int FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
            if (e[i] != a[i]) return i + 1;
        return Math.Min(e.Length, a.Length) + 1;
    }
}
