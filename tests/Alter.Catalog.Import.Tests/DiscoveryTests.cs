using System.Text.Json.Nodes;
using ApprovalTests;
using ApprovalTests.Namers;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// Google Discovery documents (<c>Discovery/DiscoveryReader.cs</c>): the three shared ones import whole and compile
/// without a diagnostic (in <see cref="CatalogSurfaceTests"/>, beside the OpenAPI specs); a slice is approved by review; Google's int64-as-string survives; a malformed document is an
/// error with file, pointer and reason (see also <see cref="ErrorTests"/>).
/// </summary>
[UseReporter(typeof(QuietReporter))]
[UseApprovalSubdirectory("Snapshots")]
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Gmail_labels()
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Spec("google/gmail__v1.json"), new ImportOptions { Id = "gmail", Name = "Gmail", Include = ["gmail.users.labels.*"] });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(Harness.Compile([("/catalog/gmail/gmail.provider.json", result.DescriptionJson!, null)]).Problems);
        string warnings = string.Join("\n", result.Warnings.Select(w => w.ToString().Replace(Harness.Specs + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)));
        Approvals.Verify(WriterFactory.CreateTextWriter(result.DescriptionJson + "\n// warnings:\n" + warnings + "\n", "json"));
    }

    [Fact]
    public async Task Int64_stays_a_string_and_parameters_groups_and_base_url_follow_the_document()
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Fixture("discovery/int64.json"), new ImportOptions { Id = "demo" });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        JsonObject description = JsonNode.Parse(result.DescriptionJson!)!.AsObject();

        // gmail-style: empty servicePath, every path under <name>/<version>/, which moves to the base URL.
        Assert.Equal("https://example.googleapis.com/example/v1/", (string)description["api"]!["baseUrl"]!);
        Assert.Equal("oauth2", (string)description["auth"]!["kind"]!);
        Assert.Equal("https://example.com/docs", (string)description["docsUrl"]!);
        Assert.Equal("Example API", (string)description["description"]!);

        JsonObject operation = description["operations"]![0]!.AsObject();
        AssertJson("""
            {
              "id": "example.users.counters.get", "method": "GET", "path": "users/{userId}/counters/{counterId}",
              "summary": "Gets a counter.", "description": "Gets a counter. Large values are strings.",
              "scopes": ["https://www.googleapis.com/auth/example"],
              "parameters": [
                { "name": "userId", "in": "path", "required": true, "schema": { "type": "string", "default": "me" } },
                { "name": "counterId", "in": "path", "required": true, "schema": { "type": "string", "format": "int64" }, "description": "The counter." },
                { "name": "since", "in": "query", "schema": { "type": "string", "format": "uint64" } },
                { "name": "max", "in": "query", "schema": { "type": "integer", "format": "uint32", "default": 100 } },
                { "name": "ids", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } },
                { "name": "view", "in": "query", "schema": { "type": "string", "enum": ["BASIC", "FULL"] } },
                { "name": "fields", "in": "query", "schema": { "type": "string" }, "description": "Selector specifying which fields to include in a partial response." }
              ],
              "response": { "schema": { "$ref": "#/schemas/Counter" } },
              "group": "counters", "name": "get"
            }
            """, operation);

        // Only the schemas the selected methods reach; int64/uint64 and byte stay strings (Google sends them as JSON strings).
        Assert.Equal(["Counter"], description["schemas"]!.AsObject().Select(p => p.Key));
        AssertJson("""
            {
              "type": "object", "description": "A counter.",
              "properties": {
                "value": { "type": "string", "format": "int64", "description": "The value." },
                "historyId": { "type": "string", "format": "uint64" },
                "small": { "type": "integer", "format": "int32" },
                "data": { "type": "string", "format": "byte" },
                "updated": { "type": "string", "format": "date-time" },
                "ratio": { "type": "number", "format": "double" },
                "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                "history": { "type": "array", "items": { "$ref": "#/schemas/Counter" } },
                "extra": {}
              }
            }
            """, description["schemas"]!["Counter"]);

        GeneratedCompilation compilation = Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]);
        Assert.Empty(compilation.Problems);
        INamedTypeSymbol counter = compilation.Output.GetSymbolsWithName("Counter", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        string TypeOf(string property) => counter.GetMembers(property).OfType<IPropertySymbol>().Single().Type.ToDisplayString();
        Assert.Equal("string?", TypeOf("Value"));
        Assert.Equal("string?", TypeOf("HistoryId"));
        Assert.Equal("string?", TypeOf("Data"));
        Assert.Equal("int?", TypeOf("Small"));
        Assert.Equal("System.DateTimeOffset?", TypeOf("Updated"));
    }

    [Fact]
    public async Task Include_globs_select_by_method_id_or_by_path()
    {
        string gmail = Harness.Spec("google/gmail__v1.json");
        ImportResult byPath = await OpenApiImporter.ImportAsync(gmail, new ImportOptions { Id = "gmail", Include = ["users/{userId}/labels"] });
        ImportResult byId = await OpenApiImporter.ImportAsync(gmail, new ImportOptions { Id = "gmail", Include = ["gmail.users.threads.*", "/users/{userId}/profile"] });

        static IEnumerable<string> Ids(ImportResult result)
            => JsonNode.Parse(result.DescriptionJson!)!["operations"]!.AsArray().Select(o => (string)o!["id"]!);
        Assert.Equal(["gmail.users.labels.create", "gmail.users.labels.list"], Ids(byPath));
        Assert.Equal(["gmail.users.getProfile", "gmail.users.threads.delete", "gmail.users.threads.get", "gmail.users.threads.list", "gmail.users.threads.modify", "gmail.users.threads.trash", "gmail.users.threads.untrash"], Ids(byId));
    }

    [Fact]
    public async Task Reserved_expansion_uses_flatPath_when_its_placeholders_are_parameters_else_warns()
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Fixture("discovery/reserved-expansion.json"), new ImportOptions { Id = "demo" });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        JsonObject description = JsonNode.Parse(result.DescriptionJson!)!.AsObject();
        var paths = description["operations"]!.AsArray().ToDictionary(o => (string)o!["id"]!, o => (string)o!["path"]!);

        // No servicePath and not every path under things/v1/: the base URL is the root URL.
        Assert.Equal("https://things.googleapis.com/", (string)description["api"]!["baseUrl"]!);
        Assert.Equal("v1/{name}", paths["things.projects.things.get"]);
        Assert.Equal("v1/projects/{project}/things", paths["things.projects.things.list"]);
        Assert.Equal(["/auth", "/resources/projects/resources/things/methods/get/path"], result.Warnings.Select(w => w.Pointer).Order(StringComparer.Ordinal));
        Assert.Equal("apiKey", (string)description["auth"]!["kind"]!);     // no auth.oauth2: an API key ('key' query parameter)
        var warning = result.Warnings.Single(w => w.Pointer.EndsWith("/path", StringComparison.Ordinal));
        Assert.Contains("'v1/{+name}' expands a parameter with its slashes", warning.Message, StringComparison.Ordinal);

        // Two resources deep under the only top-level resource: the group drops 'projects'.
        Assert.Equal("things", (string)description["operations"]![0]!["group"]!);
        Assert.Empty(Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]).Problems);
    }

    private static void AssertJson(string expected, JsonNode? actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, found {actual?.ToJsonString()}");
}
