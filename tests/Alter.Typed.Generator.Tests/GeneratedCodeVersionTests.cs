using System.Reflection;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>Generated code names the version of the package that generated it, as a reviewer tracing a file back expects.</summary>
public sealed class GeneratedCodeVersionTests
{
    [Fact]
    public void GeneratedCode_carries_the_package_version()
    {
        string runtime = typeof(AlterApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        GeneratorRun run = GeneratorHarness.Run([GeneratorHarness.Provider("slack")]);

        foreach (string hintName in run.HintNames)
        {
            string source = run.Source(hintName);
            Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"Alter.Typed.Generator\", \"" + runtime + "\")]", source, StringComparison.Ordinal);
            Assert.DoesNotContain("\"1.0.0.0\"", source, StringComparison.Ordinal);
        }
    }
}
