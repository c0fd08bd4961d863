using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>Deeply nested schemas: typed up to the reader's depth limit, refused (ALTER001) beyond it, never a stack overflow.</summary>
public sealed class DeepNestingTests
{
    private static string Nested(int levels)
    {
        string schema = """{ "type": "string" }""";
        for (int i = 0; i < levels; i++)
        {
            schema = $$"""{ "type": "object", "description": "Level {{i}} </summary>\u2028[Pwn]", "properties": { "inner": {{schema}} } }""";
        }

        return DescriptionSamples.Valid(schemas: "{ \"Deep\": " + schema + " }");
    }

    [Fact]
    public void Nesting_within_the_limit_generates_a_class_per_level_and_compiles_clean()
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(Nested(55))]);

        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Equal(55, run.Source("Demo.g.cs").Split("public sealed partial class Deep", StringSplitOptions.None).Length - 1);
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_ALTER001_and_generates_nothing()
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(Nested(5_000))]);

        Assert.Null(run.Result.Results[0].Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER001", diagnostic.Id);
        Assert.Contains("nests deeper than", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(["App.g.cs"], run.HintNames);
    }
}
