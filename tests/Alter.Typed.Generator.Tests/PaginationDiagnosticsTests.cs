using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>A bad <c>pagination</c> object is ALTER011 (or the generic field diagnostics) at the offending value, never an exception or code.</summary>
public sealed class PaginationDiagnosticsTests
{
    /// <summary>One GET operation with a cursor/limit query, a path parameter and a typed answer, paginated as given.</summary>
    private static string Operation(string pagination, string method = "GET", bool clash = false, string response = """{ "type": "object", "properties": { "data": { "type": "array", "items": { "type": "string" } }, "meta": { "type": "object", "properties": { "next": { "type": "string" } } }, "count": { "type": "integer" } } }""")
        => DescriptionSamples.Valid($$"""
        [
          {
            "id": "things.list", "method": "{{method}}", "path": "things/{scope}",
            "parameters": [
              { "name": "scope", "in": "path", "required": true, "schema": { "type": "string" } },
              { "name": "cursor", "in": "query", "schema": { "type": "string" } },
              { "name": "X-Page", "in": "header", "schema": { "type": "string" } }
            ],
            "pagination": {{pagination}},
            "response": { "schema": {{response}} }
          }{{(clash ? ", { \"id\": \"things.listAll\", \"method\": \"GET\", \"path\": \"all\" }" : "")}}
        ]
        """);

    private static Diagnostic Alter011(string text, string expected)
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(text)]);
        Assert.Null(run.Result.Results[0].Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "ALTER011");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(["App.g.cs"], run.HintNames);
        return diagnostic;
    }

    private static void AtText(string text, Diagnostic diagnostic, string marker)
    {
        int index = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0);
        Assert.Equal(index, diagnostic.Location.SourceSpan.Start);
    }

    [Fact]
    public void An_unknown_style_names_the_styles()
    {
        string text = Operation("""{ "style": "pages" }""");
        AtText(text, Alter011(text, "'pages' is not a pagination style; expected one of: cursor, linkHeader, nextLink, offset"), "\"pages\"");
    }

    [Fact]
    public void A_cursor_parameter_the_operation_does_not_have_is_refused()
    {
        string text = Operation("""{ "style": "cursor", "cursorParameter": "page_token", "nextCursor": "/meta/next", "items": "/data" }""");
        AtText(text, Alter011(text, "'page_token' is not a query parameter or a JSON or form body property of operation 'things.list'"), "\"page_token\"");
    }

    [Theory]
    [InlineData("scope")]
    [InlineData("X-Page")]
    public void A_path_or_header_parameter_cannot_carry_the_cursor(string parameter)
        => Alter011(Operation($$"""{ "style": "cursor", "cursorParameter": "{{parameter}}", "nextCursor": "/meta/next", "items": "/data" }"""), "'" + parameter + "' is not a query parameter");

    [Theory]
    [InlineData("meta/next", "it starts with '/'")]
    [InlineData("/meta~2next", "'~' is written ~0")]
    [InlineData("", "it names the whole answer")]
    public void A_next_cursor_that_is_not_a_JSON_pointer_is_refused(string pointer, string problem)
        => Alter011(Operation($$"""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "{{pointer}}", "items": "/data" }"""), problem);

    [Fact]
    public void Items_must_reach_an_array_of_the_typed_response()
    {
        Alter011(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next", "items": "/count" }"""), "'/count' is not an array");
        Alter011(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next", "items": "/rows" }"""), "the response has no property 'rows' at '/'");
        Alter011(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next", "items": "/count/rows" }"""), "'/count' is not an object with properties");
        Alter011(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next" }"""), "the response itself is not an array");
        Alter011(Operation("""{ "style": "linkHeader" }""", response: """{ "type": "string" }"""), "the response itself is not an array");
    }

    [Fact]
    public void A_field_of_another_style_is_refused()
        => Alter011(Operation("""{ "style": "linkHeader", "nextCursor": "/meta/next" }""", response: """{ "type": "array", "items": { "type": "string" } }"""), "the linkHeader style does not take 'nextCursor' (it takes only style, items and name)");

    [Fact]
    public void A_link_is_followed_with_GET_only()
        => Alter011(Operation("""{ "style": "nextLink", "nextLink": "/meta/next", "items": "/data" }""", method: "POST"), "a nextLink page is fetched with GET, and this operation is POST");

    [Fact]
    public void The_enable_parameter_is_a_boolean_query_parameter()
        => Alter011(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next", "enableParameter": "cursor", "items": "/data", "name": "every" }"""), "'cursor' is not a boolean query parameter");

    [Fact]
    public void Offset_parameters_are_query_parameters()
        => Alter011(Operation("""{ "style": "offset", "offsetParameter": "scope", "items": "/data" }"""), "'scope' is not a query parameter of operation 'things.list'");

    [Fact]
    public void A_streamer_name_taken_by_another_operation_is_refused()
        => Alter011(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next", "items": "/data" }""", clash: true), "the streamer DemoThingsOperations.ListAll would take the method of operation 'things.listAll'; set \"name\"");

    [Fact]
    public void A_misspelt_next_cursor_is_ALTER012_and_the_streamer_is_still_generated()
    {
        string text = Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/nxt", "items": "/data", "name": "every" }""");
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(text)]);

        Diagnostic warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("ALTER012", DiagnosticSeverity.Warning), (warning.Id, warning.Severity));
        Assert.Contains("'/meta' has no 'nxt'", warning.GetMessage(), StringComparison.Ordinal);
        AtText(text, warning, "\"/meta/nxt\"");
        Assert.Contains("Every(string scope,", run.Source("Demo.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_field_is_ALTER002()
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "items": "/data", "name": "every" }"""))]);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "ALTER002" && d.GetMessage().Contains("'nextCursor'", StringComparison.Ordinal));
        Assert.Equal(["App.g.cs"], run.HintNames);
    }

    [Fact]
    public void A_valid_pagination_with_its_own_name_generates_a_streamer_that_compiles()
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(Operation("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next", "items": "/data", "name": "every_thing" }"""))]);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("IAsyncEnumerable<string> EveryThing(string scope,", run.Source("Demo.g.cs"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe));
    }
}
