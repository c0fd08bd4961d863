using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// The reflection-free JSON metadata is generated where a project can lose reflection (trimming, Native AOT, reflection
/// switched off, or asked for), and left out of a plain app's build, where it is most of the compile time and the runtime
/// reads the same models by reflection. Flipping the switch re-emits the clients without parsing a description again.
/// </summary>
public sealed class JsonMetadataSwitchTests
{
    private const string Resolver = "private sealed class JsonMetadata : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver";
    private const string ReflectionBased = "JsonTypeInfoResolver = global::Alter.Typed.Generated.JsonMetadata.ReflectionBased,";

    private static GeneratorRun Run(Dictionary<string, string> properties)
    {
        AdditionalText[] files = [GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")];
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files, new MetadataOptionsProvider([], properties))
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
    }

    [Fact]
    public void A_plain_build_gets_no_metadata_and_its_clients_compile_cleanly()
    {
        GeneratorRun run = Run(MetadataOptionsProvider.PlainBuild);

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe));
        foreach (string hint in new[] { "Slack.g.cs", "GitHub.g.cs" })
        {
            string source = run.Source(hint);
            Assert.DoesNotContain(Resolver, source, StringComparison.Ordinal);
            Assert.DoesNotContain("UnsafeAccessor", source, StringComparison.Ordinal);
            Assert.Contains(ReflectionBased, source, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("build_property.EnableTrimAnalyzer", "true")] // PublishTrimmed, IsTrimmable, PublishAot
    [InlineData("build_property.EnableAotAnalyzer", "true")] // PublishAot, IsAotCompatible
    [InlineData("build_property.JsonSerializerIsReflectionEnabledByDefault", "false")]
    [InlineData("build_property.AlterJsonMetadata", "true")]
    [InlineData("build_property.AlterJsonMetadata", "True")]
    public void A_build_that_can_lose_reflection_or_asks_for_it_gets_the_metadata(string key, string value)
    {
        GeneratorRun run = Run(new() { [key] = value });

        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe));
        Assert.Contains(Resolver, run.Source("Slack.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain(ReflectionBased, run.Source("GitHub.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false", "true", "true")]
    [InlineData("FALSE", "true", "false")]
    public void An_explicit_AlterJsonMetadata_false_wins(string explicitValue, string trim, string aot)
    {
        GeneratorRun run = Run(new()
        {
            ["build_property.AlterJsonMetadata"] = explicitValue,
            ["build_property.EnableTrimAnalyzer"] = trim,
            ["build_property.EnableAotAnalyzer"] = aot,
        });

        Assert.Contains(ReflectionBased, run.Source("Slack.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain(Resolver, run.Source("Slack.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("")]
    [InlineData("yes")] // not "true": MSBuild's own booleans are "true"/"false"
    public void Other_analyzer_values_leave_it_off(string value)
    {
        GeneratorRun run = Run(new() { ["build_property.EnableTrimAnalyzer"] = value, ["build_property.EnableAotAnalyzer"] = value });

        Assert.Contains(ReflectionBased, run.Source("Slack.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Flipping_the_switch_re_emits_without_parsing_again()
    {
        AdditionalText[] files = [GeneratorHarness.Provider("slack")];
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files, new MetadataOptionsProvider([], MetadataOptionsProvider.PlainBuild)).RunGenerators(compilation);

        driver = driver.WithUpdatedAnalyzerConfigOptions(new MetadataOptionsProvider([], MetadataOptionsProvider.WithJsonMetadata)).RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results[0];
        Assert.All(result.TrackedSteps[TrackingNames.Parsed].SelectMany(step => step.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Contains(result.TrackedSteps[TrackingNames.EmitSettings].SelectMany(step => step.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Resolver, result.GeneratedSources.Single(s => s.HintName == "Slack.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }
}
