using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// A hostile OpenAPI document (Fixtures/hostile-3.0.json): U+2028 + a <c>[ModuleInitializer]</c> member, BOMs and bidi
/// overrides in descriptions, defaults, enums, formats, patterns, examples and x- fields (cleaned, each with a warning
/// naming the field), and in an operation id, a path, a parameter name and a property key (refused: left out, with a
/// warning). What is imported generates nothing the document did not declare, and compiles clean.
/// </summary>
public sealed class HostileImportTests
{
    private static readonly char[] s_unsafe = ['\r', '\u0085', '\u2028', '\u2029', '\uFEFF', '\u202E', '\u202C'];

    private static async Task<(ImportResult Result, JsonObject Description)> Import()
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Fixture("hostile-3.0.json"), new ImportOptions { Id = "hostile" });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return (result, JsonNode.Parse(result.DescriptionJson!)!.AsObject());
    }

    [Fact]
    public async Task Prose_is_cleaned_and_each_cleaned_field_is_named()
    {
        var (result, description) = await Import();

        Assert.Equal(-1, result.DescriptionJson!.IndexOfAny(s_unsafe));
        string[] warnings = [.. result.Warnings.Select(w => w.ToString())];
        Assert.Contains(warnings, w => w.Contains("at #/paths/~1items~1{id}/get: operations[0].summary held U+2028", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("operations[0].description held U+FEFF", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("operations[0].parameters[1].schema.default held U+2028", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("at #/components/schemas/Item: schemas.Item.properties.name.enum[1] held U+FEFF", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("at #/info/title: description held U+2028", StringComparison.Ordinal));

        // A warning is one line, whatever the document held.
        Assert.All(warnings, w => Assert.Equal(-1, w.IndexOfAny(s_unsafe)));
        Assert.Contains(warnings, w => w.Contains("#/paths/~1evil\\u2028path/get", StringComparison.Ordinal));

        // The text stays (a line feed where a line separator was): it is documentation.
        string summary = (string)description["operations"]![0]!["summary"]!;
        Assert.StartsWith("Gets an item.\n[global::System.Runtime.CompilerServices.ModuleInitializer]", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_with_unsafe_characters_are_refused_and_the_warning_says_which()
    {
        var (result, description) = await Import();

        Assert.Equal(["items/get"], description["operations"]!.AsArray().Select(o => (string)o!["id"]!));
        Assert.Equal(1, result.OperationCount);
        string[] warnings = [.. result.Warnings.Select(w => w.ToString())];
        Assert.Contains(warnings, w => w.Contains("at #/paths/~1items/post: the operation 'items/create\\u2028[global::", StringComparison.Ordinal) && w.Contains("is left out: operations[", StringComparison.Ordinal) && w.Contains(".id holds U+2028", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("the operation 'evil/path' is left out", StringComparison.Ordinal) && w.Contains(".path holds U+2028", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("the operation 'tags/list' is left out", StringComparison.Ordinal) && w.Contains(".parameters[0].name holds U+2029", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("the property 'bad\\u2028key' of schemas.Item.properties holds U+2028", StringComparison.Ordinal));

        JsonObject item = description["schemas"]!["Item"]!.AsObject();
        Assert.Equal(["name", "label"], item["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["name"], item["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task The_import_generates_nothing_the_document_did_not_declare()
    {
        var (result, _) = await Import();
        GeneratedCompilation compilation = Harness.Compile([("/catalog/hostile/hostile.provider.json", result.DescriptionJson!, null)]);

        Assert.Empty(compilation.Problems);
        string[] hints = [.. compilation.Result.Results[0].GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal)];
        Assert.Equal(["App.g.cs", "Hostile.g.cs"], hints);
        foreach (GeneratedSourceResult source in compilation.Result.Results[0].GeneratedSources)
        {
            SyntaxNode root = source.SyntaxTree.GetRoot();
            Assert.DoesNotContain(root.DescendantTokens(descendIntoTrivia: true), t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText is "Pwn" or "ModuleInitializer");
            Assert.All(root.DescendantTrivia(descendIntoTrivia: true).Where(t => t.IsDirective), t => Assert.True(t.IsKind(SyntaxKind.NullableDirectiveTrivia), t.ToString()));
            Assert.Equal(-1, source.SourceText.ToString().IndexOfAny(s_unsafe));
        }

        // One operation, one model class and its request/response: the declared shape.
        string hostile = compilation.Source("Hostile.g.cs");
        Assert.Contains("public sealed partial class Item", hostile, StringComparison.Ordinal);
        Assert.DoesNotContain("Create(", hostile, StringComparison.Ordinal);
        Assert.DoesNotContain("EvilPath", hostile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_Discovery_document_gets_the_same_rules_with_its_own_pointers()
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Fixture("discovery/hostile.json"), new ImportOptions { Id = "hostile" });

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(-1, result.DescriptionJson!.IndexOfAny(s_unsafe));
        string[] warnings = [.. result.Warnings.Select(w => w.ToString())];
        Assert.Contains(warnings, w => w.Contains("at #/resources/users/resources/counters/methods/list: the operation 'example.users.counters.list\\u2028", StringComparison.Ordinal) && w.Contains("is left out", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("at #/resources/users/resources/counters/methods/get: operations[0].description held U+2028", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("at #/schemas/Counter: schemas.Counter.properties.value.description held U+FEFF", StringComparison.Ordinal));

        GeneratedCompilation compilation = Harness.Compile([("/catalog/hostile/hostile.provider.json", result.DescriptionJson!, null)]);
        Assert.Empty(compilation.Problems);
        Assert.DoesNotContain("Pwn()", string.Concat(compilation.Result.Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).Select(t => string.Join("\n", t.Split('\n').Where(l => !l.TrimStart().StartsWith("///", StringComparison.Ordinal))))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_level_name_with_an_unsafe_character_fails_the_import_and_writes_nothing()
    {
        string folder = Directory.CreateTempSubdirectory("alter-hostile-").FullName;
        try
        {
            JsonObject document = JsonNode.Parse(await File.ReadAllTextAsync(Harness.Fixture("hostile-3.0.json")))!.AsObject();
            document["servers"]![0]!["url"] = "https://api.hostile.test/v1\u2028";
            string spec = Path.Combine(folder, "hostile.json");
            await File.WriteAllTextAsync(spec, document.ToJsonString());
            string output = Path.Combine(folder, "out", "hostile.provider.json");

            ImportResult result = await OpenApiImporter.ImportToFileAsync(spec, output, new ImportOptions { Id = "hostile" });

            Assert.False(result.Succeeded);
            string error = Assert.Single(result.Errors).ToString();
            Assert.Contains("holds U+2028", error, StringComparison.Ordinal);
            Assert.Equal(-1, error.IndexOfAny(s_unsafe));
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
