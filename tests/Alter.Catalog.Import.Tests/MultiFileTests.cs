using System.Text.Json.Nodes;
using Xunit;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// Issue 14, "multi-file official descriptions": a description published as several files imports as it is published,
/// external <c>$ref</c>s resolved wherever they stand, the way Redocly's and swagger-cli's bundlers do; a cycle, a
/// missing file or pointer is an error naming the file and the pointer; and, the document being hostile, a reference
/// cannot read a file outside the document's folder nor expand without end.
/// </summary>
public sealed class MultiFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "alter-multi-" + Guid.NewGuid().ToString("N"));
    private readonly string _spec;

    public MultiFileTests()
    {
        _spec = Path.Combine(_dir, "api", "openapi.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(_spec)!);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_dir, "api", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private const string Head = """
        openapi: 3.1.0
        info: { title: Pets, version: "1" }
        servers: [{ url: "https://pets.test/" }]

        """;

    private static JsonObject Operation(JsonObject description, string id)
        => description["operations"]!.AsArray().Single(o => (string)o!["id"]! == id)!.AsObject();

    private static void AssertJson(string expected, JsonNode? actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, found {actual?.ToJsonString()}");

    private async Task<JsonObject> Import()
    {
        ImportResult result = await OpenApiImporter.ImportAsync(_spec, new ImportOptions { Id = "demo" });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        GeneratedCompilation compilation = Harness.Compile([("/catalog/demo/demo.provider.json", result.DescriptionJson!, null)]);
        Assert.Empty(compilation.Problems);
        return JsonNode.Parse(result.DescriptionJson!)!.AsObject();
    }

    private async Task<string> ImportError()
    {
        ImportResult result = await OpenApiImporter.ImportAsync(_spec, new ImportOptions { Id = "demo" });
        Assert.False(result.Succeeded);
        Assert.Null(result.DescriptionJson);
        return string.Join("\n", result.Errors).Replace("\\", "/", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_items_texts_and_recursive_schemas_in_other_files_import_as_one_document()
    {
        Write("openapi.yaml", Head + """
            paths:
              /pets/{petId}: { $ref: './paths/pet.yaml' }
            components:
              schemas:
                Tag: { $ref: './schemas/tag.yaml' }
            """);
        Write("paths/pet.yaml", """
            get:
              operationId: pets/get
              description: { $ref: '../docs/get-pet.md' }
              parameters:
                - name: petId
                  in: path
                  required: true
                  description: { $ref: '../texts.yaml#/petId' }
                  schema: { type: integer, format: int64, minimum: 1 }
              responses:
                '200':
                  description: The pet.
                  content:
                    application/json:
                      schema: { $ref: '../schemas/pet.yaml#/Pet' }
            """);
        Write("docs/get-pet.md", "Gets one pet, with its owner.");
        Write("texts.yaml", "petId: The pet's id.\n");
        Write("schemas/pet.yaml", """
            Pet:
              type: object
              required: [name]
              properties:
                name: { type: string }
                owner: { $ref: './owner.yaml' }
                children: { type: array, items: { $ref: '#/Pet' } }
                tags: { type: array, items: { $ref: 'tag.yaml' } }
            """);
        Write("schemas/owner.yaml", """
            type: object
            properties:
              login: { type: string }
              pets: { type: array, items: { $ref: 'pet.yaml#/Pet' } }
            """);
        Write("schemas/tag.yaml", "type: object\nproperties:\n  label: { type: string }\n");

        JsonObject d = await Import();

        JsonObject get = Operation(d, "pets/get");
        Assert.Equal("Gets one pet, with its owner.", (string)get["description"]!); // a Markdown file, whole
        AssertJson("""{ "name": "petId", "in": "path", "required": true, "description": "The pet's id.", "schema": { "type": "integer", "format": "int64" } }""", get["parameters"]![0]);
        AssertJson("""{ "$ref": "#/schemas/Pet" }""", get["response"]!["schema"]);

        // Named where they are defined; the recursion across files is kept as references, each schema once.
        JsonObject schemas = d["schemas"]!.AsObject();
        AssertJson("""{ "type": "array", "items": { "$ref": "#/schemas/Pet" } }""", schemas["Pet"]!["properties"]!["children"]);
        AssertJson("""{ "type": "array", "items": { "$ref": "#/schemas/Pet" } }""", schemas["owner"]!["properties"]!["pets"]);
        AssertJson("""{ "$ref": "#/schemas/owner" }""", schemas["Pet"]!["properties"]!["owner"]); // a whole file: its name, as Redocly names it
        AssertJson("""{ "type": "array", "items": { "$ref": "#/schemas/Tag" } }""", schemas["Pet"]!["properties"]!["tags"]); // the root's own name for it
        Assert.Equal(["Pet", "Tag", "owner"], schemas.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_block_scalar_whose_first_line_holds_only_its_indentation_reads_as_YAML_allows()
    {
        // Figma's published description has these; YamlDotNet alone refuses them ("found extra spaces in first line").
        Write("openapi.yaml", Head + "paths:\n  /a:\n    get:\n      operationId: a/get\n      description: |-\n        \n        Gets a.\n      responses: { '204': { description: ok } }\n");

        JsonObject d = await Import();

        Assert.Equal("Gets a.", (string)Operation(d, "a/get")["description"]!);
    }

    [Fact]
    public async Task A_cycle_of_refs_is_an_error_naming_the_files_and_the_pointer()
    {
        Write("openapi.yaml", Head + """
            paths:
              /a:
                get:
                  operationId: a/get
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: 'a.yaml#/X' } } } }
            """);
        Write("a.yaml", "X: { $ref: 'b.yaml#/Y' }\n");
        Write("b.yaml", "Y: { $ref: 'a.yaml#/X' }\n");

        string error = await ImportError();

        Assert.Contains("openapi.yaml: error at #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: a cycle of $ref that never reaches a value:", error, StringComparison.Ordinal);
        Assert.Contains("/api/a.yaml#/X → ", error, StringComparison.Ordinal);
        Assert.Contains("/api/b.yaml#/Y → ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_that_contains_itself_is_an_error_not_a_hang()
    {
        Write("openapi.yaml", Head + "paths:\n  /a: { $ref: './loop.yaml' }\n");
        Write("loop.yaml", "get: { operationId: a/get, responses: { '204': { description: ok } } }\nx-more: { $ref: './loop.yaml' }\n");

        string error = await ImportError();

        Assert.Contains("loop.yaml: error at #/x-more: './loop.yaml' contains itself", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_or_pointer_in_another_file_is_an_error_naming_where_it_was_referenced()
    {
        Write("openapi.yaml", Head + "paths:\n  /a: { $ref: './paths/a.yaml' }\n");
        Write("paths/a.yaml", "get: { operationId: a/get, responses: { '200': { $ref: '../responses.yaml#/Ok' } } }\n");
        Write("responses.yaml", "NotOk: { description: no }\n");
        string error = await ImportError();
        Assert.Contains("/api/paths/a.yaml: error at #/get/responses/200/$ref: '../responses.yaml#/Ok' does not resolve: '", error, StringComparison.Ordinal);
        Assert.Contains("responses.yaml' has nothing at '/Ok'", error, StringComparison.Ordinal);

        File.Delete(Path.Combine(_dir, "api", "responses.yaml"));
        error = await ImportError();
        Assert.Contains("/api/paths/a.yaml: error at #/get/responses/200/$ref: the referenced file '", error, StringComparison.Ordinal);
        Assert.Contains("responses.yaml' does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("{secret}")] // the absolute path
    [InlineData("./docs/../../secret.txt")]
    [InlineData("./linked/secret.txt")] // a folder inside that is a link to one outside
    public async Task A_ref_cannot_read_a_file_outside_the_documents_folder(string reference)
    {
        string secret = Path.Combine(_dir, "secret.txt");
        File.WriteAllText(secret, "planted-secret-text-from-outside");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "api", "linked"), _dir);
        Write("openapi.yaml", Head + $$"""
            paths:
              /a:
                get:
                  operationId: a/get
                  description: { $ref: '{{reference.Replace("{secret}", secret, StringComparison.Ordinal)}}' }
                  responses: { '204': { description: ok } }
            """);

        string error = await ImportError();

        Assert.Contains("error at #/paths/~1a/get/description/$ref: the referenced file '", error, StringComparison.Ordinal);
        Assert.Contains("is outside the document's folder", error, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task References_that_expand_without_bound_are_refused()
    {
        // Ten levels, each copying the one below ten times: 10^10 nodes if expanded; refused past the limit instead.
        Write("openapi.yaml", Head + "paths:\n  /a:\n    get:\n      operationId: a/get\n      responses: { '204': { description: ok } }\n      x-bomb: { $ref: './l9.yaml' }\n");
        Write("l0.yaml", "[" + string.Join(", ", Enumerable.Range(0, 10)) + "]\n");
        for (int level = 1; level < 10; level++)
        {
            Write($"l{level}.yaml", "[" + string.Join(", ", Enumerable.Repeat($"{{ $ref: './l{level - 1}.yaml' }}", 10)) + "]\n");
        }

        string error = await ImportError();

        Assert.Contains($"the references expand the document past {2_000_000:N0} copied nodes", error, StringComparison.Ordinal);
    }
}
