using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>ALTER020: names, ids, paths, keys and scopes holding a control, format or separator character are refused at parse time.</summary>
public sealed class NameCharacterTests
{
    private static Diagnostic Refused(string text, string marker)
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(text)]);
        Assert.Null(run.Result.Results[0].Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "ALTER020");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(["App.g.cs"], run.HintNames);

        // Located at the offending value or key, in the description file.
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(DescriptionSamples.Path, span.Path);
        int index = text.IndexOf(marker, StringComparison.Ordinal);
        int line = text.AsSpan(0, index).Count('\n');
        int column = index - (text.LastIndexOf('\n', index) + 1);
        Assert.Equal(new LinePosition(line, column), span.StartLinePosition);
        return diagnostic;
    }

    [Fact]
    public void A_parameter_name_with_a_line_separator_names_its_JSON_path()
    {
        string text = DescriptionSamples.Valid(operations: """
            [{ "id": "things.list", "method": "GET", "path": "things",
               "parameters": [ { "name": "limit", "in": "query", "schema": { "type": "integer" } }, { "name": "cur\u2028sor", "in": "query", "schema": { "type": "string" } } ] }]
            """);

        string message = Refused(text, "\"cur\\u2028sor\"").GetMessage();

        Assert.Equal(
            "The value at $.operations[0].parameters[1].name contains U+2028, a control, format or separator character; names, ids, paths, keys, scopes and URLs may not hold one: remove it",
            message);
    }

    [Fact]
    public void A_property_key_with_a_BOM_is_refused_at_the_key()
    {
        string text = DescriptionSamples.Valid(schemas: """{ "Thing": { "type": "object", "properties": { "na\uFEFFme": { "type": "string" } } } }""");

        string message = Refused(text, "\"na\\uFEFFme\"").GetMessage();

        Assert.Contains("key at $.schemas.Thing.properties['na\\uFEFFme']", message, StringComparison.Ordinal);
        Assert.Contains("U+FEFF", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", "things.li\\u202Est")]
    [InlineData("path", "things\\u0085")]
    [InlineData("group", "thi\\u00A0ngs")]
    [InlineData("name", "li\\u0000st")]
    public void An_operation_field_with_an_unsafe_character_is_refused(string field, string value)
    {
        string operation = """{ "id": "things.list", "method": "GET", "path": "things" }""".Replace(
            field == "group" || field == "name" ? "\"path\": \"things\"" : $"\"{field}\": \"" + (field == "id" ? "things.list" : "things") + "\"",
            field == "group" || field == "name" ? $"\"path\": \"things\", \"{field}\": \"{value}\"" : $"\"{field}\": \"{value}\"",
            StringComparison.Ordinal);
        string text = DescriptionSamples.Valid(operations: "[" + operation + "]");

        Assert.Contains($"$.operations[0].{field} ", Refused(text, "\"" + value + "\"").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_scope_with_a_carriage_return_is_refused()
    {
        string text = DescriptionSamples.Valid(operations: """[{ "id": "things.list", "method": "GET", "path": "things", "scopes": [ "read", "wri\rte" ] }]""");

        Assert.Contains("$.operations[0].scopes[1]", Refused(text, "\"wri\\rte\"").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Prose_may_hold_line_separators_and_generates_clean_code()
    {
        string text = DescriptionSamples.Valid(operations: """
            [{ "id": "things.list", "method": "GET", "path": "things", "summary": "Lists\u2028things.", "description": "One\u2029two\u0085three\r\nfour \u202E.",
               "parameters": [ { "name": "q", "in": "query", "description": "A\u2028query", "schema": { "type": "string", "default": "a\u2028b", "enum": ["a\u2029b"], "format": "x\u2028y" } } ] }]
            """);

        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(text)]);

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
        string source = run.Source("Demo.g.cs");
        Assert.DoesNotContain('\u2028', source);
        Assert.DoesNotContain('\u2029', source);
        Assert.DoesNotContain('\u0085', source);
        Assert.DoesNotContain('\u202E', source);
        Assert.DoesNotContain('\r', source);
    }
}
