using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Alter.Typed.Generator.Naming;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>Awkward names still give compiling code, and JSON names survive a System.Text.Json round trip.</summary>
public sealed class NamingTests
{
    private static readonly string s_longName = "a_very_long_property_name_" + string.Join("_", Enumerable.Repeat("segment", 40));

    private static readonly string s_description = DescriptionSamples.Valid(
        name: "Naming Torture",
        id: "naming-torture",
        operations: """
        [
            { "id": "items.items", "method": "GET", "path": "items", "summary": "An operation named like its group.", "response": { "schema": { "$ref": "#/schemas/Item" } } },
            { "id": "search", "method": "GET", "path": "search/{request}/{cancellation_token}", "parameters": [
                { "name": "request", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "cancellation_token", "in": "path", "required": true, "schema": { "type": "integer", "format": "int32" } },
                { "name": "class", "in": "query", "required": true, "schema": { "type": "string" } },
                { "name": "2fa", "in": "query", "required": true, "schema": { "type": "boolean" } },
                { "name": "X-Request-Id", "in": "header", "required": true, "schema": { "type": "integer" } },
                { "name": "color", "in": "query", "schema": { "$ref": "#/schemas/Color" } },
                { "name": "ids", "in": "query", "schema": { "type": "array", "items": { "type": "integer", "format": "int32" } } },
                { "name": "since", "in": "header", "schema": { "type": "string", "format": "date-time" } }
              ], "response": { "schema": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" } } } } } },
            { "id": "widgets/get-type", "method": "GET", "path": "widgets/type", "response": { "schema": { "type": "string" } } },
            { "id": "app.list", "method": "GET", "path": "apps", "response": { "schema": { "type": "object", "additionalProperties": { "type": "integer" } } } },
            { "id": "tags/replace", "method": "PUT", "path": "tags",
              "parameters": [{ "name": "dry_run", "in": "query", "schema": { "type": "boolean" } }, { "name": "body", "in": "header", "required": true, "schema": { "type": "string" } }],
              "requestBody": { "contentType": "application/json", "required": true, "schema": { "type": "array", "items": { "type": "string" } } } },
            { "id": "items/create", "method": "POST", "path": "items",
              "parameters": [{ "name": "X-Limit", "in": "header", "schema": { "type": "integer", "format": "int32" } }],
              "requestBody": { "contentType": "application/x-www-form-urlencoded", "schema": { "$ref": "#/schemas/Item" } },
              "response": { "status": 201, "schema": { "$ref": "#/schemas/Item" } } },
            { "id": "things.delete", "method": "DELETE", "path": "things/{id}", "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }] },
            { "id": "naming.torture-operations", "method": "GET", "path": "collide", "response": { "schema": { "$ref": "#/schemas/NamingTortureOperationDescriptors" } } },
            { "id": "things.delete-all", "method": "DELETE", "path": "things", "group": "Admin", "name": "Purge", "requestBody": { "schema": { "type": "object", "properties": { "confirm": { "type": "boolean" } } } } }
        ]
        """,
        schemas: $$"""
        {
            "NamingTortureOperationDescriptors": { "type": "object", "properties": { "id": { "type": "string" } } },
            "Item": { "type": "object", "required": ["class", "when"], "properties": {
                "class": { "type": "string" },
                "2fa": { "type": "boolean" },
                "+1": { "type": "integer" },
                "-1": { "type": "integer" },
                "Foo": { "type": "string" },
                "foo_": { "type": "string" },
                "{{s_longName}}": { "type": "integer", "format": "int32" },
                "item": { "type": "string" },
                "get_type": { "type": "string" },
                "@odata.type": { "type": "string" },
                "URLValue": { "type": "string" },
                "when": { "type": "string", "format": "date-time", "nullable": true },
                "meta": { "type": "object", "properties": { "tags": { "type": "array", "items": { "type": "object", "properties": { "name": { "type": "string" } } } } } },
                "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                "any": { },
                "priority": { "type": "integer", "enum": [1, 2, 3], "default": 2 }
            } },
            "Item-Two": { "type": "object", "properties": { "item_two": { "$ref": "#/schemas/Item-Two" } } },
            "Color": { "type": "string", "enum": ["red", "green"] }
        }
        """);

    private static readonly Lazy<GeneratorRun> s_run = new(() => GeneratorHarness.Run([DescriptionSamples.File(s_description)], """
        internal static class Use
        {
            internal static async System.Threading.Tasks.Task Run(Alter.Typed.App app)
            {
                Alter.Typed.NamingTorture.Item item = await app.NamingTorture.Items.Items();
                var found = await app.NamingTorture.Default.Search("r", 1, "c", true, 42, new() { Color = "red", Ids = new[] { 1, 2 }, Since = System.DateTimeOffset.UnixEpoch });
                string type = await app.NamingTorture.Widgets.GetTypeOperation();
                var counts = await app.NamingTorture.AppOperations.List();
                await app.NamingTorture.Tags.Replace("header", new[] { "a" }, dryRun: true);
                var created = await app.NamingTorture.Items.Create(new() { Class = "c", When = null, XLimit = 3 });
                await app.NamingTorture.Things.Delete(7);
                await app.NamingTorture.Admin.Purge(new() { Confirm = true });
                System.Console.WriteLine($"{item.Plus1} {item.Minus1} {item._2fa} {item.Foo} {item.Foo2} {item.ItemValue} {item.GetType2} {item.OdataType} {item.URLValue} {item.Meta?.Tags?[0].Name} {found[0].Id} {type} {counts["x"]} {created.When}");
            }
        }
        """));

    [Fact]
    public void Awkward_names_compile_without_any_diagnostic()
    {
        GeneratorRun run = s_run.Value;

        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public void Names_follow_the_rules()
    {
        string source = s_run.Value.Source("NamingTorture.g.cs");

        // Method parameters: keywords, digits-first, clashes with request/cancellationToken.
        Assert.Contains("Search(string request2, int cancellationToken2, string classValue, bool _2fa, long xRequestId, global::Alter.Typed.NamingTorture.DefaultSearchRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)", source, StringComparison.Ordinal);
        // A non-object body is a `body` parameter; optional parameters then are optional method parameters.
        Assert.Contains("Replace(string body2, global::System.Collections.Generic.IReadOnlyList<string> body, bool? dryRun = default, global::System.Threading.CancellationToken cancellationToken = default)", source, StringComparison.Ordinal);
        Assert.Contains("SendNoContentAsync<global::System.Collections.Generic.IReadOnlyList<string>>(", source, StringComparison.Ordinal);
        Assert.Contains("_client.SendNoContentAsync(global::Alter.Typed.NamingTorture.NamingTortureOperationDescriptors.ThingsDelete, new global::Alter.Typed.Generated.RequestArguments().Path(\"id\", id), cancellationToken);", source, StringComparison.Ordinal);

        // Operation-id constants for policies: public, holding provider:operationId; a field that would take its class's
        // name (CS0542), or a schema named like the descriptors class, gets a suffix instead.
        Assert.Contains("public const string ThingsDelete = \"naming-torture:things.delete\";", source, StringComparison.Ordinal);
        Assert.Contains("public const string NamingTortureOperations2 = \"naming-torture:naming.torture-operations\";", source, StringComparison.Ordinal);
        Assert.Contains("internal static class NamingTortureOperationDescriptors\n", source, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class NamingTortureOperationDescriptors2", source, StringComparison.Ordinal);

        // Properties: only names the naming policy cannot produce get [JsonPropertyName].
        Assert.Contains("[global::System.Text.Json.Serialization.JsonPropertyName(\"+1\")]\n        public long? Plus1 { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("[global::System.Text.Json.Serialization.JsonPropertyName(\"Foo\")]\n        public string? Foo { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("[global::System.Text.Json.Serialization.JsonPropertyName(\"foo_\")]\n        public string? Foo2 { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public required global::System.DateTimeOffset? When { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public required string Class { get; init; }", source, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonPropertyName(\"class\")", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Collections.Generic.IReadOnlyDictionary<string, string>? Labels { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Text.Json.JsonElement? Any { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class ItemMetaTagsItem", source, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class ItemTwo", source, StringComparison.Ordinal);
        Assert.Contains("public global::Alter.Typed.NamingTorture.ItemTwo? ItemTwoValue { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("Allowed values: <c>1</c>, <c>2</c>, <c>3</c>. Default: <c>2</c>.", source, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>Allowed values: <c>red</c>, <c>green</c>.</remarks>\n        [global::System.Text.Json.Serialization.JsonIgnore]\n        public string? Color { get; init; }", source, StringComparison.Ordinal);
    }

    [Fact]
    public void JSON_names_survive_a_System_Text_Json_round_trip()
    {
        GeneratorRun run = s_run.Value;
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Select(GeneratorHarness.Describe)));

        var context = new AssemblyLoadContext("naming", isCollectible: true);
        try
        {
            stream.Position = 0;
            Assembly assembly = context.LoadFromStream(stream);
            Type itemType = assembly.GetType("Alter.Typed.NamingTorture.Item", throwOnError: true)!;
            var json = new JsonObject
            {
                ["class"] = "c", ["2fa"] = true, ["+1"] = 1, ["-1"] = 2, ["Foo"] = "F", ["foo_"] = "f", [s_longName] = 3,
                ["item"] = "i", ["get_type"] = "g", ["@odata.type"] = "o", ["URLValue"] = "u", ["when"] = "2024-01-02T03:04:05+00:00",
                ["meta"] = new JsonObject { ["tags"] = new JsonArray(new JsonObject { ["name"] = "n" }) },
                ["labels"] = new JsonObject { ["k"] = "v" }, ["any"] = new JsonArray(1, "x"), ["priority"] = 3,
            };
            // As the runtime reads JSON (ResolvedProvider): Web defaults, so names are matched case-insensitively.
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            };

            object item = JsonSerializer.Deserialize(json.ToJsonString(), itemType, options)!;
            JsonNode back = JsonNode.Parse(JsonSerializer.Serialize(item, itemType, options))!;

            Assert.True(JsonNode.DeepEquals(json, back), "round trip changed the JSON:\n" + json + "\n" + back);
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("thread_ts", "ThreadTs")]
    [InlineData("postMessage", "PostMessage")]
    [InlineData("list-for-repo", "ListForRepo")]
    [InlineData("+1", "Plus1")]
    [InlineData("-1", "Minus1")]
    [InlineData("2fa", "_2fa")]
    [InlineData("@odata.type", "OdataType")]
    [InlineData("X-GitHub-Api-Version", "XGitHubApiVersion")]
    [InlineData("$", "Value")]
    [InlineData("", "Value")]
    [InlineData("ünïcode_näme", "ÜnïcodeNäme")]
    public void PascalCase(string name, string expected) => Assert.Equal(expected, Identifiers.ToPascal(name));

    [Theory]
    [InlineData("per_page", "perPage")]
    [InlineData("class", "classValue")]
    [InlineData("X-GitHub-Api-Version", "xGitHubApiVersion")]
    [InlineData("URLPath", "urlPath")]
    [InlineData("ID", "id")]
    public void CamelCase_parameters(string name, string expected) => Assert.Equal(expected, Identifiers.ToCamel(name));

    public static TheoryData<string> PolicyNames => new()
    {
        "ThreadTs", "URLValue", "XMLHttpRequest", "IOStream", "Plus1", "_2fa", "Foo2", "A", "AB", "ABc", "ABC1Def", "already_snake",
        "Mixed_Case", "With Space", "ID", "Id", "UnfurlLinks", "NodeId", "Html5Parser", "V2Api", "ÜnïcodeNäme", "a1B2c3", "HTTP2", "Value",
        "IsEnterpriseInstall", "GetType2", "XGitHubApiVersion", "x", "", "__a__", "ItemValue",
    };

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Naming_policies_match_System_Text_Json(string name)
    {
        Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), JsonNaming.Apply("snake_case", name));
        Assert.Equal(JsonNamingPolicy.KebabCaseLower.ConvertName(name), JsonNaming.Apply("kebab-case", name));
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), JsonNaming.Apply("camelCase", name));
        Assert.Equal(JsonNamingPolicy.SnakeCaseUpper.ConvertName(name), JsonNaming.Separated(name, lowercase: false, '_'));
        Assert.Equal(name, JsonNaming.Apply("none", name));
    }
}
