using System.Text.Json.Nodes;
using Alter.Typed.Generator.Naming;
using Alter.Typed.Generator.Parsing;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>providers/provider.schema.json documents exactly the fields and values the generator accepts.</summary>
public sealed class SchemaConsistencyTests
{
    private static readonly JsonNode s_schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "providers", "provider.schema.json")))!;

    private static JsonNode Definition(string name) => name == "$" ? s_schema : s_schema["$defs"]![name]!;

    private static string[] Fields(string definition, string? nested = null)
    {
        JsonNode node = Definition(definition);
        if (nested is not null)
        {
            node = node["properties"]![nested]!;
        }

        return node["properties"]!.AsObject().Select(p => p.Key).Where(k => k is not "$schema" and not "$comment").Order(StringComparer.Ordinal).ToArray();
    }

    private static string[] Enum(string definition, string property)
        => Definition(definition)["properties"]![property]!["enum"]!.AsArray().Select(v => (string)v!).Order(StringComparer.Ordinal).ToArray();

    private static string[] Sorted(IEnumerable<string> values) => values.Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Every_object_lists_the_fields_the_parser_reads()
    {
        Assert.Equal(Sorted(DescriptionParser.RootKeys), Fields("$"));
        Assert.Equal(Sorted(DescriptionParser.AuthKeys), Fields("auth"));
        Assert.Equal(Sorted(DescriptionParser.TokenKeys), Fields("auth", "token"));
        Assert.Equal(Sorted(DescriptionParser.ApiKeys), Fields("api"));
        Assert.Equal(Sorted(DescriptionParser.ErrorsKeys), Fields("errors"));
        Assert.Equal(Sorted(DescriptionParser.OperationKeys), Fields("operation"));
        Assert.Equal(Sorted(DescriptionParser.ParameterKeys), Fields("parameter"));
        Assert.Equal(Sorted(DescriptionParser.RequestBodyKeys), Fields("requestBody"));
        Assert.Equal(Sorted(DescriptionParser.ResponseKeys), Fields("response"));
        Assert.Equal(Sorted(DescriptionParser.PaginationKeys), Fields("pagination"));
        Assert.Equal(
            Sorted(SchemaResolver.Keywords.Concat(SchemaResolver.IgnoredKeywords).Concat(SchemaResolver.UntypedKeywords)),
            Fields("schema"));
    }

    [Fact]
    public void Every_enumeration_matches_the_values_the_parser_accepts()
    {
        Assert.Equal(Sorted(DescriptionParser.AuthKinds), Enum("auth", "kind"));
        Assert.Equal(Sorted(DescriptionParser.ClientAuthentications), Enum("auth", "clientAuthentication"));
        Assert.Equal(Sorted(DescriptionParser.RevocationStyles), Enum("auth", "revocationStyle"));
        Assert.Equal(Sorted(DescriptionParser.TokenLocations), Definition("auth")["properties"]!["token"]!["properties"]!["in"]!["enum"]!.AsArray().Select(v => (string)v!).Order(StringComparer.Ordinal));
        Assert.Equal(Sorted(JsonNaming.All), Enum("api", "jsonNaming"));
        Assert.Equal(Sorted(DescriptionParser.HttpMethods), Enum("operation", "method"));
        Assert.Equal(Sorted(DescriptionParser.ParameterLocations), Enum("parameter", "in"));
        Assert.Equal(Sorted(Alter.Typed.Generator.Model.PaginationStyles.All), Enum("pagination", "style"));
        Assert.Equal(
            Sorted(DescriptionParser.ContentTypes),
            Definition("requestBody")["properties"]!["contentType"]!["anyOf"]![0]!["enum"]!.AsArray().Select(v => (string)v!).Order(StringComparer.Ordinal));
        Assert.Equal(DescriptionParser.FormatVersion, (int)s_schema["properties"]!["formatVersion"]!["const"]!);
    }

    [Fact]
    public void Every_field_is_described()
    {
        var missing = new List<string>();
        Walk(s_schema, "$", missing);
        Assert.Empty(missing);
    }

    private static void Walk(JsonNode node, string path, List<string> missing)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        if (obj["properties"] is JsonObject properties)
        {
            foreach ((string name, JsonNode? value) in properties)
            {
                if (value is JsonObject field && field["description"] is null && field["$ref"] is null)
                {
                    missing.Add(path + ".properties." + name);
                }
            }
        }

        foreach ((string name, JsonNode? value) in obj)
        {
            if (value is not null)
            {
                Walk(value, path + "." + name, missing);
            }
        }
    }
}
