using System.Collections.Immutable;
using Alter.Typed.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Alter.Typed.Generator.Tests;

/// <summary>Runs the generator in memory and compiles its output against the real runtime.</summary>
internal static class GeneratorHarness
{
    /// <summary>A catalog description from <c>providers/&lt;id&gt;/&lt;id&gt;.provider.json</c>.</summary>
    public static AdditionalText Provider(string id)
    {
        string path = Path.Combine(Repository.Root, "providers", id, id + ".provider.json");
        return new InMemoryAdditionalText(path, File.ReadAllText(path));
    }

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts) => CreateDriver(additionalTexts, optionsProvider: null);

    /// <summary>
    /// A driver with an analyzer-config options provider (the AlterOperations metadata of AdditionalFiles, build
    /// properties); without one, a build with the JSON metadata on (<see cref="MetadataOptionsProvider"/>).
    /// </summary>
    public static GeneratorDriver CreateDriver(AdditionalText[] additionalTexts, AnalyzerConfigOptionsProvider? optionsProvider)
        => CSharpGeneratorDriver.Create(
            [new ProviderGenerator().AsSourceGenerator()],
            additionalTexts,
            RoslynHarness.ParseOptions,
            optionsProvider ?? new MetadataOptionsProvider([]),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>A consumer compilation of the given sources (<see cref="RoslynHarness.CreateCompilation"/>).</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) => RoslynHarness.CreateCompilation(sources);

    /// <summary>Runs the generator once over the given descriptions and consumer code.</summary>
    public static GeneratorRun Run(AdditionalText[] descriptions, params string[] sources)
    {
        CSharpCompilation compilation = CreateCompilation(sources);
        GeneratorDriver driver = CreateDriver(descriptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, generatorDiagnostics);
    }

    /// <summary>A diagnostic as one readable line, for assertion messages.</summary>
    public static string Describe(Diagnostic diagnostic) => RoslynHarness.Describe(diagnostic);
}

internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public string Source(string hintName)
        => Result.Results[0].GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<string> HintNames => Result.Results[0].GeneratedSources.Select(s => s.HintName);

    /// <summary>Every diagnostic of the compilation that includes the generated code (hidden ones too).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => Output.GetDiagnostics();
}
