using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>Array query parameters: OpenAPI's default repeats the name per value; <c>"explode": false</c> joins with commas.</summary>
public sealed class QueryArrayTests
{
    [Fact]
    public void Exploded_arrays_use_QueryEach_and_joined_ones_Query_both_as_method_parameters_and_request_properties()
    {
        const string Operations = """
            [
              { "id": "search", "method": "GET", "path": "search", "response": { "schema": { "type": "object" } },
                "parameters": [
                  { "name": "ids", "in": "query", "required": true, "schema": { "type": "array", "items": { "type": "string" } } },
                  { "name": "types", "in": "query", "required": true, "explode": false, "schema": { "type": "array", "items": { "type": "string" } } },
                  { "name": "labels", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } },
                  { "name": "fields", "in": "query", "explode": false, "schema": { "type": "array", "items": { "type": "string" } } },
                  { "name": "sizes", "in": "query", "schema": { "type": "array", "items": { "type": "integer", "format": "int32" } } }
                ] }
            ]
            """;
        var run = GeneratorHarness.Run([DescriptionSamples.File(DescriptionSamples.Valid(Operations))]);

        Assert.Empty(run.GeneratorDiagnostics);
        var source = run.Source("Demo.g.cs");
        Assert.Contains(""".QueryEach("ids", ids)""", source);
        Assert.Contains(""".Query("types", types)""", source);
        Assert.Contains("""arguments.QueryEach("labels", Labels);""", source);
        Assert.Contains("""arguments.Query("fields", Fields is null ? null : string.Join(",", Fields));""".Replace("Fields is null ? null : string.Join(\",\", Fields)", "Fields"), source);
        Assert.Contains("""arguments.QueryEach("sizes", (Sizes is null ? null : global::System.Linq.Enumerable.Select(Sizes, static __v => __v.ToString(global::System.Globalization.CultureInfo.InvariantCulture))));""", source);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
