using System.Collections.Immutable;
using Alter.Typed.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Tests;

/// <summary>An AdditionalFile held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Runs the generator in memory and compiles its output against the real runtime.</summary>
internal static class GeneratorHarness
{
    /// <summary>C# as the consumer writes it, with XML documentation diagnosed (as GenerateDocumentationFile does: CS1591 and friends).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<string> s_repoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlterTyped.sln"))
                || (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "providers"))))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (AlterTyped.sln or Directory.Build.props with providers/) above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat([typeof(ProviderDescriptor).Assembly.Location, typeof(Refit.RestService).Assembly.Location])
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    });

    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>A catalog description from <c>providers/&lt;id&gt;/&lt;id&gt;.provider.json</c>.</summary>
    public static AdditionalText Provider(string id)
    {
        string path = Path.Combine(RepoRoot, "providers", id, id + ".provider.json");
        return new InMemoryAdditionalText(path, File.ReadAllText(path));
    }

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts)
        => CSharpGeneratorDriver.Create(
            [new ProviderGenerator().AsSourceGenerator()],
            additionalTexts,
            ParseOptions,
            optionsProvider: null,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>A driver with an analyzer-config options provider (the AlterOperations metadata of AdditionalFiles).</summary>
    public static GeneratorDriver CreateDriver(AdditionalText[] additionalTexts, Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider optionsProvider)
        => CSharpGeneratorDriver.Create(
            [new ProviderGenerator().AsSourceGenerator()],
            additionalTexts,
            ParseOptions,
            optionsProvider,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Consumer{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                // The SDK passes /nowarn:1701,1702 (assembly unification notes about the references, not about code).
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    /// <summary>Runs the generator once over the given descriptions and consumer code.</summary>
    public static GeneratorRun Run(AdditionalText[] descriptions, params string[] sources)
    {
        CSharpCompilation compilation = CreateCompilation(sources);
        GeneratorDriver driver = CreateDriver(descriptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, generatorDiagnostics);
    }

    /// <summary>A diagnostic as one readable line, for assertion messages.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.Severity} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}

internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public string Source(string hintName)
        => Result.Results[0].GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<string> HintNames => Result.Results[0].GeneratedSources.Select(s => s.HintName);

    /// <summary>Every diagnostic of the compilation that includes the generated code (hidden ones too).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => Output.GetDiagnostics();
}
