namespace Alter.Typed.PackageTests;

/// <summary>The README's quickstart block is the sample's Program.cs: what the README shows is what runs.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void The_README_quickstart_is_the_sample_program_verbatim()
        => Assert.Equal(
            File.ReadAllText(Repo.PathOf("samples", "Quickstart", "Program.cs")).ReplaceLineEndings("\n").TrimEnd() + "\n",
            Repo.ReadmeQuickstart());

    [Fact]
    public void The_README_installs_both_packages()
    {
        var readme = File.ReadAllText(Repo.PathOf("README.md"));
        Assert.Contains("dotnet add package AlterTyped ", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet add package AlterTyped.Sandbox", readme, StringComparison.Ordinal);
    }
}
