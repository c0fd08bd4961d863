using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>A bad description gives its own ALTER0xx at the right file, line and column, and never an exception.</summary>
public sealed class DiagnosticsTests
{
    private static (GeneratorRun Run, Diagnostic Diagnostic) Single(string text, string id)
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(text)]);
        Assert.Null(run.Result.Results[0].Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DescriptionSamples.Path, diagnostic.Location.GetLineSpan().Path);
        return (run, diagnostic);
    }

    /// <summary>The 0-based line and column of the first occurrence of <paramref name="marker"/>.</summary>
    private static (int Line, int Column) PositionOf(string text, string marker, int skip = 0)
    {
        int index = -1;
        for (int i = 0; i <= skip; i++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
        }

        Assert.True(index >= 0, $"'{marker}' is not in the text");
        int line = text.AsSpan(0, index).Count('\n');
        int column = index - (text.LastIndexOf('\n', Math.Max(index - 1, 0)) + 1);
        return (line, column);
    }

    private static void AssertAt(Diagnostic diagnostic, int line, int column)
    {
        LinePosition start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal((line, column), (start.Line, start.Character));
    }

    private static void AssertNoProviderSource(GeneratorRun run)
        => Assert.Equal(["App.g.cs"], run.HintNames);

    [Fact]
    public void A_JSON_syntax_error_is_ALTER001_at_the_offending_character()
    {
        const string text = "{\n  \"formatVersion\": 1\n  \"id\": \"demo\"\n}\n";
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER001");

        AssertAt(diagnostic, 2, 2); // the quote of "id": a ',' was expected before it
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("expected ',' or '}' after the value of \"formatVersion\" but found '\"'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertNoProviderSource(run);
    }

    [Fact]
    public void A_JSON_syntax_error_at_the_end_of_the_file_points_there()
    {
        string text = DescriptionSamples.Valid().TrimEnd().TrimEnd('}');
        (_, Diagnostic diagnostic) = Single(text, "ALTER001");

        int lines = text.Count(c => c == '\n');
        AssertAt(diagnostic, lines, text.Length - (text.LastIndexOf('\n') + 1));
        Assert.Contains("found the end of the file", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_id_is_ALTER002_at_the_root_object()
    {
        string text = DescriptionSamples.Valid().Replace("  \"id\": \"demo\",\n", string.Empty, StringComparison.Ordinal);
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER002");

        AssertAt(diagnostic, 0, 0);
        Assert.Equal("Missing required field 'id' in $", diagnostic.GetMessage());
        AssertNoProviderSource(run);
    }

    [Fact]
    public void An_operation_without_a_method_is_ALTER002_at_that_operation()
    {
        string text = DescriptionSamples.Valid(operations: """[{ "id": "things.list", "path": "things" }]""");
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER002");

        (int line, int column) = PositionOf(text, "{ \"id\": \"things.list\"");
        Assert.Equal((6, 17), (line, column));
        AssertAt(diagnostic, line, column);
        Assert.Equal("Missing required field 'method' in $.operations[0]", diagnostic.GetMessage());
        AssertNoProviderSource(run);
    }

    [Fact]
    public void An_unknown_auth_kind_is_ALTER003_at_the_value()
    {
        string text = DescriptionSamples.Valid(auth: """{ "kind": "oauth3" }""");
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER003");

        (int line, int column) = PositionOf(text, "\"oauth3\"");
        Assert.Equal(4, line);
        AssertAt(diagnostic, line, column);
        Assert.Equal("Unknown auth kind 'oauth3'; expected one of: oauth2, apiKey, bearer, basic", diagnostic.GetMessage());
        AssertNoProviderSource(run);
    }

    [Fact]
    public void A_ref_that_does_not_resolve_is_ALTER004_at_the_ref()
    {
        string text = DescriptionSamples.Valid(operations: """
            [{ "id": "things.get", "method": "GET", "path": "thing", "response": { "schema": { "$ref": "#/schemas/Nope" } } }]
            """);
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER004");

        (int line, int column) = PositionOf(text, "\"#/schemas/Nope\"");
        AssertAt(diagnostic, line, column);
        Assert.Contains("$.operations[0].response.schema.$ref", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("there is no schema named 'Nope'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertNoProviderSource(run);
    }

    [Fact]
    public void A_path_placeholder_without_a_parameter_is_ALTER004_at_the_path()
    {
        string text = DescriptionSamples.Valid(operations: """
            [{ "id": "things.get", "method": "GET", "path": "things/{thing_id}", "response": { "schema": { "type": "string" } } }]
            """);
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER004");

        (int line, int column) = PositionOf(text, "\"things/{thing_id}\"");
        AssertAt(diagnostic, line, column);
        Assert.Contains("the placeholder '{thing_id}' has no matching path parameter", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertNoProviderSource(run);
    }

    [Theory]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 2", "2", "unsupported formatVersion 2")]
    [InlineData("\"id\": \"demo\"", "\"id\": \"Demo!\"", "\"Demo!\"", "is not a provider id")]
    [InlineData("\"allowedHosts\": [\"api.demo.test\"]", "\"allowedHosts\": [\"https://api.demo.test/\"]", "\"https://api.demo.test/\"]", "is not a host name")]
    [InlineData("\"baseUrl\": \"https://api.demo.test/\"", "\"baseUrl\": \"https://api.demo.test\"", "\"https://api.demo.test\",", "must end with '/'")]
    [InlineData("\"baseUrl\": \"https://api.demo.test/\"", "\"baseUrl\": 42", "42", "expected a string, found a number")]
    [InlineData("\"jsonNaming\": \"snake_case\"", "\"jsonNaming\": \"SNAKE\"", "\"SNAKE\"", "'SNAKE' is not one of: snake_case, camelCase, kebab-case, none")]
    [InlineData("\"name\": \"Demo\"", "\"name\": \"APP\"", "\"APP\"", "becomes the C# name 'APP', which the runtime's Alter.Typed namespace already uses")]
    public void Invalid_values_are_ALTER004(string find, string replace, string marker, string message)
    {
        string text = DescriptionSamples.Valid().Replace(find, replace, StringComparison.Ordinal);
        (_, Diagnostic diagnostic) = Single(text, "ALTER004");

        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        (int line, int column) = PositionOf(text, marker);
        AssertAt(diagnostic, line, column);
    }

    [Theory]
    [InlineData("""{ "contentType": "text plain", "schema": { "type": "string" } }""", "\"text plain\"", "'text plain' is not a media type")]
    [InlineData("""{ "contentType": "application/json; charset=utf-8", "schema": { "type": "string" } }""", "\"application/json; charset=utf-8\"", "is not a media type")]
    [InlineData("""{ "contentType": "multipart/form-data", "schema": { "type": "string", "format": "binary" } }""", "{ \"type\": \"string\"", "a multipart/form-data body must be an object with properties")]
    public void A_bad_request_body_content_type_or_a_multipart_body_that_is_not_an_object_is_ALTER004(string requestBody, string marker, string message)
    {
        string text = DescriptionSamples.Valid(operations: "[{ \"id\": \"things.put\", \"method\": \"PUT\", \"path\": \"things\", \"requestBody\": " + requestBody + " }]");
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER004");

        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        (int line, int column) = PositionOf(text, marker);
        AssertAt(diagnostic, line, column);
        AssertNoProviderSource(run);
    }

    [Fact]
    public void A_response_content_type_that_is_not_a_media_type_is_ALTER004()
    {
        string text = DescriptionSamples.Valid(operations: """[{ "id": "things.get", "method": "GET", "path": "things", "response": { "contentType": "png" } }]""");
        (_, Diagnostic diagnostic) = Single(text, "ALTER004");

        Assert.Contains("'png' is not a media type", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, 6, PositionOf(text, "\"png\"").Column);
    }

    [Fact]
    public void A_bad_HTTP_method_is_ALTER004()
    {
        string text = DescriptionSamples.Valid(operations: """[{ "id": "things.list", "method": "FETCH", "path": "things" }]""");
        (_, Diagnostic diagnostic) = Single(text, "ALTER004");

        AssertAt(diagnostic, 6, PositionOf(text, "\"FETCH\"").Column);
        Assert.Contains("'FETCH' is not an HTTP method", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_untyped_schema_is_a_warning_ALTER005_and_the_code_still_compiles()
    {
        string text = DescriptionSamples.Valid(operations: """
            [{ "id": "things.get", "method": "GET", "path": "thing", "response": { "schema": { "$ref": "#/schemas/Thing" } } }]
            """, schemas: """
            { "Thing": { "type": "object", "properties": { "value": { "oneOf": [{ "type": "string" }, { "type": "integer" }] } } } }
            """);
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER005");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, PositionOf(text, "\"oneOf\"").Line, PositionOf(text, "\"oneOf\"").Column);
        Assert.Contains("$.schemas.Thing.properties.value", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("global::System.Text.Json.JsonElement? Value { get; init; }", run.Source("Demo.g.cs"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public void A_duplicate_operation_id_is_ALTER006_at_the_second()
    {
        string text = DescriptionSamples.Valid(operations: """
            [
                { "id": "things.list", "method": "GET", "path": "things" },
                { "id": "things.list", "method": "GET", "path": "other" }
            ]
            """);
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER006");

        (int line, int column) = PositionOf(text, "\"things.list\"", skip: 1);
        AssertAt(diagnostic, line, column);
        Assert.Contains("Duplicate operation id 'things.list': first defined at line 8", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertNoProviderSource(run);
    }

    [Fact]
    public void A_duplicate_provider_id_across_files_is_ALTER006_and_the_first_file_wins()
    {
        var first = DescriptionSamples.File(DescriptionSamples.Valid(), "/catalog/a/demo.provider.json");
        var second = DescriptionSamples.File(DescriptionSamples.Valid(name: "Demo Two"), "/catalog/b/demo.provider.json");
        GeneratorRun run = GeneratorHarness.Run([second, first]);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER006", diagnostic.Id);
        Assert.Equal("/catalog/b/demo.provider.json", diagnostic.Location.GetLineSpan().Path);
        AssertAt(diagnostic, 2, 8);
        Assert.Equal(["App.g.cs", "Demo.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public void Providers_whose_names_give_the_same_CSharp_name_are_ALTER006()
    {
        var first = DescriptionSamples.File(DescriptionSamples.Valid(name: "Git Hub", id: "a"), "/catalog/a/a.provider.json");
        var second = DescriptionSamples.File(DescriptionSamples.Valid(name: "git-hub", id: "b"), "/catalog/b/b.provider.json");
        GeneratorRun run = GeneratorHarness.Run([first, second]);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER006", diagnostic.Id);
        Assert.Equal("/catalog/b/b.provider.json", diagnostic.Location.GetLineSpan().Path);
        AssertAt(diagnostic, 3, 10);
        Assert.Equal(["App.g.cs", "GitHub.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_operations_with_one_method_name_are_ALTER007()
    {
        string text = DescriptionSamples.Valid(operations: """
            [
                { "id": "things.list", "method": "GET", "path": "things" },
                { "id": "things/list", "method": "GET", "path": "other" }
            ]
            """);
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER007");

        AssertAt(diagnostic, PositionOf(text, "\"things/list\"").Line, PositionOf(text, "\"things/list\"").Column);
        Assert.Equal("Operation 'things/list' maps to the C# method DemoThingsOperations.List, like operation 'things.list'; set \"group\" or \"name\" on one of them", diagnostic.GetMessage());
        AssertNoProviderSource(run);
    }

    [Fact]
    public void An_unknown_field_is_a_warning_ALTER008()
    {
        string text = DescriptionSamples.Valid().Replace("\"name\": \"Demo\",", "\"name\": \"Demo\", \"descripton\": \"typo\", \"x-origin\": \"ignored\",", StringComparison.Ordinal);
        (GeneratorRun run, Diagnostic diagnostic) = Single(text, "ALTER008");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, 3, PositionOf(text, "\"descripton\"").Column);
        Assert.Equal(["App.g.cs", "Demo.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"formatVersion\": 1, \"id\": 7, \"name\": [], \"auth\": \"x\", \"api\": {\"baseUrl\": {}, \"allowedHosts\": [1]}, \"operations\": {}, \"schemas\": []}")]
    [InlineData("{\"formatVersion\": 1, \"id\": \"a\", \"name\": \"A\", \"auth\": {\"kind\": \"bearer\"}, \"api\": {\"baseUrl\": \"https://a.test/\", \"allowedHosts\": [\"a.test\"]}, \"operations\": [7, {\"id\": \"\", \"method\": 1, \"path\": \"/x/{\", \"parameters\": [{}, {\"name\": \"p\", \"in\": \"path\", \"required\": false, \"schema\": 1}], \"requestBody\": {\"contentType\": \"text/csv\"}, \"response\": {\"status\": 99, \"schema\": {\"type\": \"tuple\"}}}], \"schemas\": {\"A\": {\"$ref\": \"#/schemas/B\"}, \"B\": {\"$ref\": \"#/schemas/A\"}, \"C\": {\"type\": \"object\", \"required\": [\"nope\"], \"properties\": {\"x\": {\"$ref\": \"other.json#/X\"}}}}}")]
    public void Garbage_never_throws_and_emits_no_provider(string text)
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(text)]);

        Assert.Null(run.Result.Results[0].Exception);
        Assert.NotEmpty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "ALTER099");
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DescriptionSamples.Path, d.Location.GetLineSpan().Path));
        AssertNoProviderSource(run);
    }

    [Fact]
    public void A_document_nested_too_deep_is_ALTER001_not_a_stack_overflow()
    {
        string text = "{\"a\": " + new string('[', 5000) + new string(']', 5000) + "}";
        (_, Diagnostic diagnostic) = Single(text, "ALTER001");

        Assert.Contains("nests deeper than 128 levels", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_exception_is_ALTER099_not_a_crash()
    {
        GeneratorRun run = GeneratorHarness.Run([new ThrowingAdditionalText(DescriptionSamples.Path), GeneratorHarness.Provider("slack")]);

        Assert.Null(run.Result.Results[0].Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER099", diagnostic.Id);
        Assert.Equal(DescriptionSamples.Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("IOException: disk on fire", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(["App.g.cs", "Slack.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
    }

    private sealed class ThrowingAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => throw new IOException("disk on fire");
    }
}
