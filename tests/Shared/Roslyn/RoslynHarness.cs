using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Alter.Tests.Shared;

/// <summary>The consumer's side of an in-memory generator run: its parse options, references and compilation.</summary>
internal static class RoslynHarness
{
    /// <summary>C# as the consumer writes it, with XML documentation diagnosed (as GenerateDocumentationFile does: CS1591 and friends).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)

            // What a consumer compiles against: Roslyn and the generator reach it as an analyzer, not as references.
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))

            // Our own assemblies other than the runtime: the alter tool is itself a generator consumer (its own App),
            // and the generator and the test assemblies are no consumer's references either.
            .Where(p => !Path.GetFileName(p).StartsWith("alter", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(p) == "Alter.Typed.dll")
            .Concat([typeof(Alter.Typed.ProviderDescriptor).Assembly.Location])
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    });

    /// <summary>The consumer's references: the framework, and the runtime (Alter.Typed).</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>A consumer library of the given sources: nullable on, every warning level, as the SDK compiles it.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Consumer{i}.cs")),
            References,
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

    /// <summary>A diagnostic as one readable line, for assertion messages.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.Severity} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
