using System.Text.Json.Nodes;
using NJsonSchema;

namespace Alter.Catalog.Import;

/// <summary><c>allOf</c>: the parts' properties and required names merged into one object schema.</summary>
internal sealed partial class SchemaConverter
{
    private JsonObject MergeAllOf(JsonSchema schema, string pointer, string nameHint, int depth, bool nullable)
    {
        var properties = new List<KeyValuePair<string, JsonSchemaProperty>>();
        var required = new List<string>();
        string? description = schema.Description;
        bool typed = Collect(schema, pointer, properties, required, ref description, 0);
        if (!typed)
        {
            _warn(pointer, "'allOf' mixes objects with other kinds of schema; typed as JSON (JsonElement)");
            return Describe([], schema);
        }

        var result = new JsonObject { ["type"] = "object" };
        if (!string.IsNullOrWhiteSpace(description))
        {
            result["description"] = description;
        }

        if (nullable)
        {
            result["nullable"] = true;
        }

        WriteProperties(result, properties, required, pointer, nameHint, depth);
        return result;
    }

    /// <summary>Gathers the properties of a schema and its allOf members (following references).</summary>
    private static bool Collect(JsonSchema schema, string pointer, List<KeyValuePair<string, JsonSchemaProperty>> properties, List<string> required, ref string? description, int depth)
    {
        if (depth > 16)
        {
            return false;
        }

        JsonSchema actual = schema.ActualSchema;
        if (Alternatives(actual).Any())
        {
            return false;
        }

        JsonObjectType type = actual.Type & ~JsonObjectType.Null;
        if (type != JsonObjectType.None && type != JsonObjectType.Object)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(description) && !string.IsNullOrWhiteSpace(actual.Description))
        {
            description = actual.Description;
        }

        foreach (JsonSchema member in actual.AllOf)
        {
            if (!Collect(member, pointer, properties, required, ref description, depth + 1))
            {
                return false;
            }
        }

        properties.AddRange(actual.Properties);
        required.AddRange(actual.RequiredProperties);
        required.AddRange(actual.Properties.Where(p => p.Value.IsRequired).Select(p => p.Key));
        return true;
    }
}
