using System.Text.Json.Nodes;
using Xunit;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// Acceptance 3: each construct of the scope, on a small hand-written document (Fixtures/), imported and then
/// generated and compiled without a diagnostic.
/// </summary>
public sealed class ConstructTests
{
    private static async Task<(ImportResult Result, JsonObject Description)> Import(string fixture, params string[] include)
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Fixture(fixture), new ImportOptions { Id = "demo", Include = include });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        GeneratedCompilation compilation = Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]);
        Assert.Empty(compilation.Problems);
        return (result, JsonNode.Parse(result.DescriptionJson!)!.AsObject());
    }

    private static JsonObject Operation(JsonObject description, string id)
        => description["operations"]!.AsArray().Single(o => (string)o!["id"]! == id)!.AsObject();

    private static JsonObject Property(JsonObject description, string schema, string property)
        => description["schemas"]![schema]!["properties"]![property]!.AsObject();

    private static void AssertJson(string expected, JsonNode? actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, found {actual?.ToJsonString()}");

    [Fact]
    public async Task Refs_become_named_schemas_and_allOf_is_merged()
    {
        var (_, d) = await Import("constructs-3.0.yaml");

        AssertJson("""{ "$ref": "#/schemas/Item" }""", Operation(d, "items/get")["response"]!["schema"]);
        JsonObject item = d["schemas"]!["Item"]!.AsObject();
        Assert.Equal("object", (string)item["type"]!);
        Assert.Equal("An item.", (string)item["description"]!);
        AssertJson("""["id", "kind"]""", item["required"]); // Base's required + the inline member's
        Assert.Equal(["id", "created_at", "kind", "homepage", "note", "owner", "labels", "extra", "shape", "size", "tags"], item["properties"]!.AsObject().Select(p => p.Key));
        Assert.Null(d["schemas"]!["Base"]); // merged into Item, not referenced on its own
    }

    [Fact]
    public async Task Nullable_in_3_0_and_3_1()
    {
        var (_, d30) = await Import("constructs-3.0.yaml");
        AssertJson("""{ "type": "string", "nullable": true }""", Property(d30, "Item", "note"));
        AssertJson("""{ "$ref": "#/schemas/Owner", "nullable": true }""", Property(d30, "Item", "owner")); // nullable + allOf: [$ref]

        var (_, d31) = await Import("constructs-3.1.json");
        AssertJson("""{ "type": "string", "nullable": true }""", Property(d31, "Page", "title")); // type: [string, null]
        AssertJson("""{ "type": "integer", "format": "int32", "nullable": true }""", Property(d31, "Page", "count"));
        AssertJson("""{ "$ref": "#/schemas/Page", "nullable": true }""", Property(d31, "Page", "parent")); // oneOf: [$ref, null], recursive
    }

    [Fact]
    public async Task OneOf_and_anyOf_with_different_alternatives_become_JSON_with_a_warning_naming_the_pointer()
    {
        var (result, d) = await Import("constructs-3.0.yaml");

        AssertJson("{}", Property(d, "Item", "shape"));
        ImportDiagnostic warning = Assert.Single(result.Warnings, w => w.Pointer == "/components/schemas/Item/properties/shape");
        Assert.Contains("'oneOf' with 2 different alternatives is not typed yet; typed as JSON (JsonElement)", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("constructs-3.0.yaml", warning.File, StringComparison.Ordinal);

        AssertJson("""{ "type": "integer" }""", Property(d, "Item", "size")); // anyOf of one scalar type: that type
        var (result31, d31) = await Import("constructs-3.1.json");
        AssertJson("{}", Property(d31, "Page", "icon"));
        Assert.Contains(result31.Warnings, w => w.Pointer == "/components/schemas/Page/properties/icon" && w.Message.StartsWith("'anyOf'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enums_defaults_and_formats()
    {
        var (_, d) = await Import("constructs-3.0.yaml");

        AssertJson("""{ "type": "string", "enum": ["small", "large"], "default": "small" }""", Property(d, "Item", "kind")); // a $ref to a named enum: inlined
        AssertJson("""{ "type": "string", "format": "date-time" }""", Property(d, "Item", "created_at"));
        AssertJson("""{ "type": "string", "format": "uri" }""", Property(d, "Item", "homepage"));
        AssertJson("""{ "type": "string", "format": "binary" }""", Property(d, "Owner", "avatar"));
        JsonArray parameters = Operation(d, "items/get")["parameters"]!.AsArray();
        AssertJson("""{ "type": "integer", "default": 30 }""", parameters.Single(p => (string)p!["name"]! == "per_page")!["schema"]); // YAML text 30 → number
        AssertJson("""{ "type": "array", "items": { "type": "string", "enum": ["owner", "labels"] } }""", parameters.Single(p => (string)p!["name"]! == "expand")!["schema"]);

        var (_, d31) = await Import("constructs-3.1.json");
        AssertJson("""{ "type": "string", "enum": ["draft", "live"] }""", Property(d31, "Page", "status")); // enum without a type
        AssertJson("""{ "type": "string", "format": "uuid" }""", Property(d31, "Page", "id"));
    }

    [Fact]
    public async Task AdditionalProperties()
    {
        var (_, d) = await Import("constructs-3.0.yaml");

        AssertJson("""{ "type": "object", "additionalProperties": { "type": "integer", "format": "int32" } }""", Property(d, "Item", "labels"));
        AssertJson("""{ "type": "object" }""", Property(d, "Item", "extra")); // additionalProperties: true, no shape: any JSON object
    }

    [Fact]
    public async Task Path_query_and_header_parameters_path_first_cookie_and_object_parameters_reported()
    {
        var (result, d) = await Import("constructs-3.0.yaml");

        JsonArray parameters = Operation(d, "items/get")["parameters"]!.AsArray();
        Assert.Equal(["path item_id", "query expand", "query per_page", "header X-Trace", "query filter", "query fields"], parameters.Select(p => $"{p!["in"]} {p["name"]}"));
        AssertJson("""{ "name": "item_id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }""", parameters[0]); // from the path item
        Assert.Equal(true, (bool?)parameters[3]!["required"]);
        AssertJson("""{ "type": "string" }""", parameters[4]!["schema"]); // an object in the query: sent as text
        Assert.Contains(result.Warnings, w => w.Pointer == "/paths/~1items~1{item_id}/get/parameters/4" && w.Message.Contains("'filter' is not a scalar", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Pointer == "/paths/~1items~1{item_id}/get/parameters/3" && w.Message.Contains("cookie parameter 'session'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Form_and_multipart_bodies_are_imported()
    {
        var (result, d) = await Import("constructs-3.0.yaml");

        JsonObject body = Operation(d, "items/create")["requestBody"]!.AsObject();
        Assert.Equal("application/x-www-form-urlencoded", (string)body["contentType"]!);
        AssertJson("""{ "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "count": { "type": "integer", "default": 1 } } }""", body["schema"]);
        AssertJson("""{ "contentType": "multipart/form-data", "schema": { "type": "object", "properties": { "file": { "type": "string", "format": "binary" } } } }""", Operation(d, "items/upload")["requestBody"]);
        Assert.DoesNotContain(result.Warnings, w => w.Message.EndsWith("this operation is left out", StringComparison.Ordinal));
        Assert.Equal(6, result.OperationCount);
    }

    [Fact]
    public async Task Multipart_parts_written_the_3_1_way_raw_bodies_and_non_JSON_answers()
    {
        var (result, d) = await Import("constructs-3.1.json");

        // Multipart wins over a raw alternative; contentEncoding: binary and a bare contentMediaType are file parts.
        AssertJson("""
            { "contentType": "multipart/form-data", "required": true, "schema": { "type": "object", "required": ["file"], "properties": {
              "file": { "type": "string", "format": "binary" }, "thumbnail": { "type": "string", "format": "binary" },
              "caption": { "type": "string", "nullable": true }, "encoded": { "type": "string" },
              "metadata": { "type": "object", "properties": { "source": { "type": "string" } } } } } }
            """, Operation(d, "files/upload")["requestBody"]);

        // Raw: the first media type without its parameters, no schema, the schema's description and the other types kept.
        AssertJson("""{ "contentType": "text/plain", "description": "The Markdown text. Media types: text/plain, text/x-markdown." }""", Operation(d, "render/markdown")["requestBody"]);
        AssertJson("""{ "contentType": "text/html", "description": "The HTML." }""", Operation(d, "render/markdown")["response"]);

        // */* with a string schema is raw bytes, not a JSON string.
        AssertJson("""{ "contentType": "application/octet-stream", "required": true, "description": "The raw file data." }""", Operation(d, "assets/upload")["requestBody"]);
        AssertJson("""{ "contentType": "application/pdf", "description": "The file." }""", Operation(d, "files/download")["response"]);
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("left out", StringComparison.Ordinal) || w.Message.Contains("not JSON", StringComparison.Ordinal));

        // What the generator makes of them.
        GeneratedCompilation compilation = Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]);
        string source = compilation.Source("Demo.g.cs");
        Assert.Contains("public required global::Alter.Typed.FilePart File { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("parts.File(\"thumbnail\", Thumbnail);", source, StringComparison.Ordinal);
        Assert.Contains("parts.Json(\"metadata\", Metadata);", source, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<string> Markdown(global::Alter.Typed.RawBody? body = default", source, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<byte[]> Download(string fileId", source, StringComparison.Ordinal);
        Assert.Contains("Upload(global::Alter.Typed.RawBody body", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_status_no_content_and_non_JSON()
    {
        var (result, d) = await Import("constructs-3.0.yaml");

        AssertJson("""{ "status": 204, "description": "Deleted." }""", Operation(d, "items/delete")["response"]);
        Assert.Equal(201, (int)Operation(d, "items/create")["response"]!["status"]!);
        AssertJson("""{ "contentType": "application/octet-stream", "description": "The raw bytes." }""", Operation(d, "items/raw")["response"]);
        Assert.DoesNotContain(result.Warnings, w => w.Pointer.StartsWith("/paths/~1items~1{item_id}~1raw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Auth_servers_scopes_docs_and_groups()
    {
        var (_, d) = await Import("constructs-3.0.yaml");

        AssertJson("""{ "kind": "oauth2", "authorizationUrl": "https://id.constructs.test/authorize", "tokenUrl": "https://id.constructs.test/token" }""", d["auth"]);
        Assert.Equal("https://api.constructs.test/v2/", (string)d["api"]!["baseUrl"]!);
        AssertJson("""["api.constructs.test"]""", d["api"]!["allowedHosts"]);
        AssertJson("""["items:read"]""", Operation(d, "items/get")["scopes"]); // document-level security
        AssertJson("[]", Operation(d, "items/create")["scopes"]); // security: [] on the operation
        Assert.Equal("https://docs.constructs.test/items/get", (string)Operation(d, "items/get")["docsUrl"]!);
        Assert.Equal("health", (string)Operation(d, "ping")["group"]!); // an id without '.' or '/': the first tag

        var (_, d31) = await Import("constructs-3.1.json");
        AssertJson("""{ "kind": "bearer" }""", d31["auth"]);
        Assert.Equal("pages", (string)Operation(d31, "retrieve-a-page")["group"]!); // no tag: the first path segment after the version
    }

    [Fact]
    public async Task Swagger_2_form_data_body_parameters_credentials_and_slack_style_ids()
    {
        var (result, d) = await Import("swagger-2.0.json");

        Assert.Equal("https://slack.example.test/api/", (string)d["api"]!["baseUrl"]!);
        AssertJson("""{ "kind": "oauth2", "authorizationUrl": "https://slack.example.test/oauth/authorize", "tokenUrl": "https://slack.example.test/api/oauth.access" }""", d["auth"]);
        JsonObject post = Operation(d, "chat.postMessage"); // operationId chat_postMessage for the path /chat.postMessage
        Assert.Null(post["parameters"]); // the "token" header is the credential: the runtime injects it
        AssertJson("""["chat:write"]""", post["scopes"]);
        AssertJson("""
            { "contentType": "application/x-www-form-urlencoded", "required": true, "schema": { "type": "object", "required": ["channel"], "properties": {
              "channel": { "type": "string", "description": "Channel to post to." }, "text": { "type": "string" }, "mrkdwn": { "type": "boolean", "default": true } } } }
            """, post["requestBody"]);
        AssertJson("""{ "contentType": "application/json", "required": true, "schema": { "$ref": "#/schemas/message" } }""", Operation(d, "reminders.add")["requestBody"]);
        AssertJson("""{ "type": "array", "items": { "type": "string" } }""", Operation(d, "conversations.list")["parameters"]![0]!["schema"]);
        AssertJson("""{ "contentType": "multipart/form-data", "required": false, "schema": { "type": "object", "properties": { "file": { "type": "string", "format": "binary" } } } }""", Operation(d, "files.upload")["requestBody"]);
        Assert.DoesNotContain(result.Warnings, w => w.Message.EndsWith("this operation is left out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Array_query_parameters_say_when_they_are_sent_comma_separated()
    {
        // OpenAPI 3: style form + explode true (the default) repeats the name per value; explode: false joins with commas.
        var (_, d30) = await Import("constructs-3.0.yaml");
        var parameters = Operation(d30, "items/get")["parameters"]!.AsArray();
        Assert.Null(parameters.Single(p => (string)p!["name"]! == "expand")!["explode"]);
        AssertJson("false", parameters.Single(p => (string)p!["name"]! == "fields")!["explode"]);

        // Swagger 2: csv (the default, said or not) joins; multi repeats.
        var (_, d2) = await Import("swagger-2.0.json");
        var list = Operation(d2, "conversations.list")["parameters"]!.AsArray();
        AssertJson("false", list.Single(p => (string)p!["name"]! == "types")!["explode"]);
        AssertJson("false", list.Single(p => (string)p!["name"]! == "exclude")!["explode"]);
        Assert.Null(list.Single(p => (string)p!["name"]! == "team_ids")!["explode"]);
    }

    [Fact]
    public async Task Local_refs_across_YAML_and_JSON_files()
    {
        var (_, d) = await Import("multi/root.yaml");

        AssertJson("""{ "$ref": "#/schemas/Pet" }""", Operation(d, "pets/get")["response"]!["schema"]);
        AssertJson("""{ "$ref": "#/schemas/Owner" }""", Property(d, "Pet", "owner"));
        AssertJson("""{ "type": "string", "format": "date" }""", Property(d, "Owner", "since")); // from schemas/owner.json
        AssertJson("""{ "name": "petId", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }""", Operation(d, "pets/get")["parameters"]![0]); // from parameters.yaml
    }

    [Fact]
    public async Task Include_globs_select_by_id_or_path_and_keep_only_the_schemas_they_reach()
    {
        var (_, byId) = await Import("constructs-3.0.yaml", "items/del*", "ping");
        Assert.Equal(["items/delete", "ping"], byId["operations"]!.AsArray().Select(o => (string)o!["id"]!));
        Assert.Empty(byId["schemas"]!.AsObject());

        var (_, byPath) = await Import("constructs-3.0.yaml", "/items");
        Assert.Equal(["items/create"], byPath["operations"]!.AsArray().Select(o => (string)o!["id"]!));
        Assert.Equal(["Item", "Owner"], byPath["schemas"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task The_naming_policy_is_the_one_that_needs_the_fewest_attributes()
    {
        var (_, snake) = await Import("constructs-3.0.yaml");
        Assert.Equal("snake_case", (string)snake["api"]!["jsonNaming"]!);
        var (_, camel) = await Import("multi/root.yaml");
        Assert.Equal("camelCase", (string)camel["api"]!["jsonNaming"]!);
    }

    [Theory]
    [InlineData("class", "items.class")]
    [InlineData("2fa", "items.2fa")]
    [InlineData("Items", "items.items")]
    public async Task Awkward_names_still_compile(string property, string id)
    {
        string spec = Path.Combine(Path.GetTempPath(), "alter-awkward-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(spec, $$"""
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "servers": [{ "url": "https://a.test" }],
              "paths": {
                "/x": { "get": { "operationId": "{{id}}", "parameters": [{ "name": "{{property}}", "in": "query", "required": true, "schema": { "type": "string" } }],
                  "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "{{property}}": { "type": "string" }, "{{property.ToUpperInvariant()}}": { "type": "string" }, "items": { "type": "string" } } } } } } } } },
                "/y": { "get": { "operationId": "{{id}}_", "responses": { "204": { "description": "ok" } } } }
              } }
            """);
        try
        {
            ImportResult result = await OpenApiImporter.ImportAsync(spec, new ImportOptions { Id = "demo" });
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            GeneratedCompilation compilation = Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]);
            Assert.Empty(compilation.Problems);
        }
        finally
        {
            File.Delete(spec);
        }
    }
}

/// <summary>JSON names that differ only in case: the runtime reads JSON case-insensitively, so one is left out, with a warning.</summary>
public sealed class CaseOnlyNameTests
{
    [Fact]
    public async Task The_second_of_two_names_differing_in_case_is_left_out_with_a_warning()
    {
        string spec = Path.Combine(Path.GetTempPath(), "alter-case-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(spec, """
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "servers": [{ "url": "https://a.test" }],
              "components": { "schemas": { "Thing": { "type": "object", "properties": { "url": { "type": "string" }, "URL": { "type": "string", "format": "uri" }, "Url2": { "type": "string" } } } } },
              "paths": { "/t": { "get": { "operationId": "things/get", "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } } } } } }
            """);
        try
        {
            ImportResult result = await OpenApiImporter.ImportAsync(spec, new ImportOptions { Id = "demo" });
            var properties = System.Text.Json.Nodes.JsonNode.Parse(result.DescriptionJson!)!["schemas"]!["Thing"]!["properties"]!.AsObject();

            Assert.Equal(["url", "Url2"], properties.Select(p => p.Key));
            ImportDiagnostic warning = Assert.Single(result.Warnings, w => w.Pointer.StartsWith("/components/schemas/Thing", StringComparison.Ordinal));
            Assert.Equal("/components/schemas/Thing/properties/URL", warning.Pointer);
            Assert.Contains("'URL' differs from 'url' only in case", warning.Message, StringComparison.Ordinal);
            Assert.Empty(Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]).Problems);
        }
        finally
        {
            File.Delete(spec);
        }
    }
}
