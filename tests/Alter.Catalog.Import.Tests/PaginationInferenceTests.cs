using System.Text.Json.Nodes;
using Xunit;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// Issue 14, pagination over whole official APIs: the import gives each list operation the <c>pagination</c> its shape
/// calls for, the generator accepts it (no ALTER011/ALTER012) and emits the streamer; an ambiguous shape gets none.
/// </summary>
public sealed class PaginationInferenceTests : IDisposable
{
    private readonly string _spec = Path.Combine(Path.GetTempPath(), "alter-paging-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_spec);

    private static string Answer(string properties) => $$"""{ "200": { "description": "ok", {{properties}} } }""";

    private static string Json(string schema) => "\"content\": { \"application/json\": { \"schema\": " + schema + " } }";

    private async Task<(JsonObject Description, string Source)> Import(string paths, string schemas = "{}")
    {
        await File.WriteAllTextAsync(_spec, $$"""
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "servers": [{ "url": "https://api.demo.test/" }],
              "paths": {{paths}}, "components": { "schemas": {{schemas}} } }
            """);
        ImportResult result = await OpenApiImporter.ImportAsync(_spec, new ImportOptions { Id = "demo" });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        GeneratedCompilation compilation = Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]);
        Assert.Empty(compilation.Problems); // the generator checks every inferred field (ALTER011, ALTER012)
        return (JsonNode.Parse(result.DescriptionJson!)!.AsObject(), compilation.Source("Demo.g.cs"));
    }

    private static JsonNode? Pagination(JsonObject description, string id)
        => description["operations"]!.AsArray().Single(o => (string)o!["id"]! == id)!["pagination"];

    private static void AssertJson(string expected, JsonNode? actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, found {actual?.ToJsonString()}");

    private const string Page = """{ "name": "limit", "in": "query", "schema": { "type": "integer" } }""";

    [Fact]
    public async Task Each_convention_is_recognised_and_gets_its_streamer()
    {
        var (d, source) = await Import($$"""
            {
              "/channels": { "get": { "operationId": "channels.list",
                "parameters": [{ "name": "cursor", "in": "query", "schema": { "type": "string" } }, {{Page}}],
                "responses": {{Answer(Json("""{ "$ref": "#/components/schemas/ChannelPage" }"""))}} } },
              "/search": { "post": { "operationId": "search.all",
                "requestBody": { {{Json("""{ "type": "object", "properties": { "query": { "type": "string" }, "start_cursor": { "type": "string" } } }""")}} },
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "results": { "type": "array", "items": {} }, "next_cursor": { "type": "string", "nullable": true }, "has_more": { "type": "boolean" } } }"""))}} } },
              "/events": { "get": { "operationId": "events.list",
                "parameters": [{ "name": "pageToken", "in": "query", "schema": { "type": "string" } }],
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "defaultReminders": { "type": "array", "items": { "type": "string" } }, "items": { "type": "array", "items": { "type": "string" } }, "nextPageToken": { "type": "string" } } }"""))}} } },
              "/albums": { "get": { "operationId": "albums.list",
                "parameters": [{ "name": "offset", "in": "query", "schema": { "type": "integer" } }, {{Page}}],
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "items": { "type": "array", "items": { "type": "string" } }, "total": { "type": "integer" } } }"""))}} } },
              "/repos": { "get": { "operationId": "repos/list",
                "parameters": [{ "name": "page", "in": "query", "schema": { "type": "integer" } }],
                "responses": { "200": { "description": "ok", "headers": { "Link": { "schema": { "type": "string" } } }, {{Json("""{ "type": "array", "items": { "type": "string" } }""")}} } } } },
              "/tasks": { "get": { "operationId": "tasks.list",
                "parameters": [{ "name": "offset", "in": "query", "schema": { "type": "string" } }, {{Page}}],
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "data": { "type": "array", "items": { "type": "string" } }, "next_page": { "type": "object", "nullable": true, "properties": { "offset": { "type": "string" } } } } }"""))}} } },
              "/mail": { "get": { "operationId": "mail.list",
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "value": { "type": "array", "items": { "type": "string" } }, "@odata.nextLink": { "type": "string" } } }"""))}} } }
            }
            """, """
            { "ChannelPage": { "type": "object", "properties": {
                "channels": { "type": "array", "items": { "type": "string" } },
                "response_metadata": { "$ref": "#/components/schemas/Metadata" } } },
              "Metadata": { "type": "object", "properties": { "next_cursor": { "type": "string" } } } }
            """);

        AssertJson("""{ "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/response_metadata/next_cursor", "items": "/channels" }""", Pagination(d, "channels.list"));
        AssertJson("""{ "style": "cursor", "cursorParameter": "start_cursor", "nextCursor": "/next_cursor", "hasMore": "/has_more", "items": "/results" }""", Pagination(d, "search.all"));
        AssertJson("""{ "style": "cursor", "cursorParameter": "pageToken", "nextCursor": "/nextPageToken", "items": "/items" }""", Pagination(d, "events.list"));
        AssertJson("""{ "style": "offset", "offsetParameter": "offset", "limitParameter": "limit", "total": "/total", "items": "/items" }""", Pagination(d, "albums.list"));
        AssertJson("""{ "style": "linkHeader" }""", Pagination(d, "repos/list"));
        AssertJson("""{ "style": "cursor", "cursorParameter": "offset", "nextCursor": "/next_page/offset", "items": "/data" }""", Pagination(d, "tasks.list")); // Asana's offset token
        AssertJson("""{ "style": "nextLink", "nextLink": "/@odata.nextLink", "items": "/value" }""", Pagination(d, "mail.list"));
        // One streamer per paged operation: ChannelsClient.ListAll, SearchClient.AllAll, ... (seven in all).
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(source, @"IAsyncEnumerable<[^\n]*> (ListAll|AllAll)\(").Count);
    }

    [Fact]
    public async Task An_ambiguous_or_incomplete_shape_or_a_taken_streamer_name_gets_no_pagination()
    {
        var (d, _) = await Import($$"""
            {
              "/two": { "get": { "operationId": "two.list",
                "parameters": [{ "name": "cursor", "in": "query", "schema": { "type": "string" } }],
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "a": { "type": "array", "items": {} }, "b": { "type": "array", "items": {} }, "next_cursor": { "type": "string" } } }"""))}} } },
              "/untyped": { "get": { "operationId": "untyped.list",
                "parameters": [{ "name": "cursor", "in": "query", "schema": { "type": "string" } }],
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "ok": { "type": "boolean" } } }"""))}} } },
              "/nolink": { "get": { "operationId": "nolink/list",
                "parameters": [{ "name": "page", "in": "query", "schema": { "type": "integer" } }],
                "responses": {{Answer(Json("""{ "type": "array", "items": {} }"""))}} } },
              "/taken": { "get": { "operationId": "taken.list",
                "parameters": [{ "name": "cursor", "in": "query", "schema": { "type": "string" } }],
                "responses": {{Answer(Json("""{ "type": "object", "properties": { "items": { "type": "array", "items": {} }, "next_cursor": { "type": "string" } } }"""))}} } },
              "/taken/all": { "get": { "operationId": "taken.listAll", "responses": { "204": { "description": "ok" } } } }
            }
            """);

        Assert.Null(Pagination(d, "two.list")); // two arrays, neither named items: which are the items?
        Assert.Null(Pagination(d, "untyped.list")); // Slack's official description types most answers as { ok } only
        Assert.Null(Pagination(d, "nolink/list")); // page numbers without a declared Link header
        Assert.Null(Pagination(d, "taken.list")); // its streamer, ListAll, would be taken.listAll's method
    }
}
