using System.Collections.Immutable;
using Alter.Typed.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Catalog.Import.Tests;

/// <summary>An AdditionalFile held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Where the repository and the shared specs are, and the in-memory generator + compiler.</summary>
internal static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<string> s_repoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlterTyped.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (AlterTyped.sln) above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))

            // Our own assemblies other than the runtime: the alter tool is itself a generator consumer (its own App).
            .Where(p => !Path.GetFileName(p).StartsWith("alter", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(p) == "Alter.Typed.dll")
            .Concat([typeof(Alter.Typed.ProviderDescriptor).Assembly.Location, typeof(Refit.RestService).Assembly.Location])
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    });

    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>The shared specs: <c>&lt;repo&gt;/../shared/specs</c> (CI clones the repo with a copy of shared/ beside it).</summary>
    public static string Specs => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "specs"));

    public static string Spec(string relative) => Path.Combine(Specs, relative);

    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    /// <summary>Runs the generator over descriptions and compiles the result (with the consumer sources) against the runtime.</summary>
    public static GeneratedCompilation Compile(IEnumerable<(string Path, string Text, string? Operations)> descriptions, params string[] sources)
    {
        var texts = descriptions.Select(d => (AdditionalText)new InMemoryAdditionalText(d.Path, d.Text)).ToList();
        var options = new Dictionary<AdditionalText, string?>();
        foreach (var (text, description) in texts.Zip(descriptions))
        {
            options[text] = description.Operations;
        }

        var compilation = CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Consumer{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ProviderGenerator().AsSourceGenerator()],
            texts,
            ParseOptions,
            new MetadataOptionsProvider(options));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratedCompilation(driver.GetRunResult(), output, generatorDiagnostics);
    }

    public static string Describe(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.Severity} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}

internal sealed record GeneratedCompilation(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public string Source(string hintName) => Result.Results[0].GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Errors and warnings of the generator and of the compilation of its output (hidden and info left out).</summary>
    public IEnumerable<string> Problems
        => GeneratorDiagnostics.Concat(Output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(Harness.Describe);

    /// <summary>
    /// The same, with nullable warnings turned on in the generated code: the generator emits
    /// <c>#nullable enable annotations</c> (no flow analysis: half the compile time), so this proves the bodies would be
    /// warning-free under full analysis too.
    /// </summary>
    public IEnumerable<string> StrictNullableProblems
    {
        get
        {
            var generated = Result.Results[0].GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
            Compilation strict = Output;
            foreach (SyntaxTree tree in Output.SyntaxTrees.Where(generated.Contains).ToList())
            {
                string text = tree.GetText().ToString().Replace("#nullable enable annotations", "#nullable enable", StringComparison.Ordinal);
                strict = strict.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));
            }

            return strict.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(Harness.Describe);
        }
    }
}

/// <summary>The <c>AlterOperations</c> metadata of AdditionalFiles, as MSBuild passes it through the analyzer config.</summary>
internal sealed class MetadataOptionsProvider(Dictionary<AdditionalText, string?> operations) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(null);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        => new Options(operations.TryGetValue(textFile, out string? value) ? value : null);

    private sealed class Options(string? operations) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (operations is not null && key == "build_metadata.AdditionalFiles.AlterOperations")
            {
                value = operations;
                return true;
            }

            value = null!;
            return false;
        }
    }
}
