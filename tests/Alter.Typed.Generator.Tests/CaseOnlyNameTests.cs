using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// JSON names differing only in case cannot both be mapped: the runtime deserializes with JsonSerializerDefaults.Web
/// (case-insensitive), where System.Text.Json throws "collides with another property". ALTER010 leaves the second out.
/// </summary>
public sealed class CaseOnlyNameTests
{
    [Fact]
    public void The_second_name_is_left_out_with_ALTER010_and_the_rest_compiles()
    {
        string description = DescriptionSamples.Valid(
            operations: """[{ "id": "things/get", "method": "GET", "path": "things", "response": { "schema": { "$ref": "#/schemas/Thing" } } }]""",
            schemas: """{ "Thing": { "type": "object", "properties": { "url": { "type": "string" }, "URL": { "type": "string" }, "name": { "type": "string" } } } }""");
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(description)]);

        Diagnostic warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER010", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("The property 'URL' at $.schemas.Thing.properties differs from 'url' only in case; System.Text.Json, which reads JSON case-insensitively in the runtime, cannot map both, so 'URL' is left out of the class", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("demo.provider.json", warning.Location.GetLineSpan().Path, StringComparison.Ordinal); // located in the description
        string source = run.Source("Demo.g.cs");
        Assert.Contains("public string? Url { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public string? Name { get; init; }", source, StringComparison.Ordinal);
        Assert.DoesNotContain("URL", source.Replace("\"url\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }
}
