using System.Collections.Immutable;
using Alter.Typed.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Catalog.Import.Tests;

/// <summary>Where the repository and the shared specs are, and the in-memory generator + compiler.</summary>
internal static class Harness
{
    /// <summary>The shared specs: <c>&lt;repo&gt;/../shared/specs</c> (CI clones the repo with a copy of shared/ beside it).</summary>
    public static string Specs => Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "specs"));

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

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ProviderGenerator().AsSourceGenerator()],
            texts,
            RoslynHarness.ParseOptions,
            new MetadataOptionsProvider(options));
        driver = driver.RunGeneratorsAndUpdateCompilation(RoslynHarness.CreateCompilation(sources), out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratedCompilation(driver.GetRunResult(), output, generatorDiagnostics);
    }

    public static string Describe(Diagnostic diagnostic) => RoslynHarness.Describe(diagnostic);
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
