using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>Where a payload goes: a string value, or a key of an object (a map key, a property name, an x- field).</summary>
internal sealed record HostileField(string SchemaPointer, IReadOnlyList<object> Path, bool IsKey)
{
    /// <summary>The JSON path of the field in the base description (<c>$.operations[0].parameters[1].name</c>).</summary>
    public string JsonPath
    {
        get
        {
            var text = new System.Text.StringBuilder("$");
            foreach (object segment in Path)
            {
                text.Append(segment is int i ? $"[{i}]" : "." + segment);
            }

            return IsKey ? text + " (key)" : text.ToString();
        }
    }

    /// <summary>A copy of <paramref name="root"/> with <paramref name="payload"/> appended to this field's value or key.</summary>
    public JsonNode With(JsonNode root, string payload)
    {
        JsonNode copy = root.DeepClone();
        JsonNode parent = copy;
        for (int i = 0; i < Path.Count - 1; i++)
        {
            parent = Path[i] is int index ? parent[index]! : parent[(string)Path[i]]!;
        }

        object last = Path[^1];
        if (IsKey)
        {
            // Rebuild the object with the key renamed in place (property order is meaning in a description).
            var obj = (JsonObject)parent;
            var entries = obj.ToList();
            obj.Clear();
            foreach (KeyValuePair<string, JsonNode?> entry in entries)
            {
                obj[entry.Key == (string)last ? entry.Key + payload : entry.Key] = entry.Value;
            }
        }
        else if (last is int index)
        {
            parent[index] = JsonValue.Create(parent[index]!.GetValue<string>() + payload);
        }
        else
        {
            parent[(string)last] = JsonValue.Create(parent[(string)last]!.GetValue<string>() + payload);
        }

        return copy;
    }
}

/// <summary>
/// Enumerates the string-valued fields of <c>providers/provider.schema.json</c> by walking the schema (never a hand-written
/// list) and finds each in a base description: every string value and every free-form key the schema allows.
/// </summary>
internal static class HostileFields
{
    private static readonly Lazy<JsonElement> s_schema = new(() =>
        JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Repository.Root, "providers", "provider.schema.json"))).RootElement.Clone());

    public static JsonElement Schema => s_schema.Value;

    /// <summary>The schema pointers of every string-valued field and free-form key the schema defines.</summary>
    public static SortedSet<string> Required()
    {
        var required = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Require(Schema, "#", required, visited);
        return required;
    }

    /// <summary>The fields of <paramref name="instance"/> (a description valid against the schema), each with its schema pointer.</summary>
    public static List<HostileField> Find(JsonNode instance)
    {
        var fields = new List<HostileField>();
        Walk(Schema, "#", instance, [], fields);
        return fields;
    }

    private static (JsonElement Schema, string Pointer) Resolve(JsonElement schema, string pointer)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out JsonElement reference) && reference.GetString()!.StartsWith("#/$defs/", StringComparison.Ordinal))
        {
            string name = reference.GetString()!["#/$defs/".Length..];
            schema = Schema.GetProperty("$defs").GetProperty(name);
            pointer = "#/$defs/" + name;
        }

        return (schema, pointer);
    }

    /// <summary>Whether a value of this schema may be a string: type string, a string enum or const, a branch that may be, or no constraint at all.</summary>
    private static bool MayBeString(JsonElement schema, string pointer)
    {
        (schema, pointer) = Resolve(schema, pointer);
        if (schema.TryGetProperty("type", out JsonElement type))
        {
            return type.ValueKind == JsonValueKind.String ? type.GetString() == "string" : type.EnumerateArray().Any(t => t.GetString() == "string");
        }

        if (schema.TryGetProperty("enum", out JsonElement values))
        {
            return values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String);
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            return constant.ValueKind == JsonValueKind.String;
        }

        foreach (string keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out JsonElement branches))
            {
                return branches.EnumerateArray().Any(branch => MayBeString(branch, pointer));
            }
        }

        return !schema.TryGetProperty("properties", out _) && !schema.TryGetProperty("items", out _) && !schema.TryGetProperty("additionalProperties", out _);
    }

    private static void Require(JsonElement schema, string pointer, SortedSet<string> required, HashSet<string> visited)
    {
        (schema, pointer) = Resolve(schema, pointer);
        if (schema.ValueKind != JsonValueKind.Object || !visited.Add(pointer))
        {
            return;
        }

        if (schema.TryGetProperty("properties", out JsonElement properties))
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                string child = pointer + "/properties/" + property.Name;
                if (MayBeString(property.Value, child))
                {
                    required.Add(child);
                }

                Require(property.Value, child, required, visited);
            }
        }

        if (schema.TryGetProperty("patternProperties", out JsonElement patterns))
        {
            foreach (JsonProperty pattern in patterns.EnumerateObject())
            {
                required.Add(pointer + "/patternProperties/" + pattern.Name + "#key");
                required.Add(pointer + "/patternProperties/" + pattern.Name);
            }
        }

        if (schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.Object)
        {
            required.Add(pointer + "/additionalProperties#key");
            Require(additional, pointer + "/additionalProperties", required, visited);
            if (MayBeString(additional, pointer + "/additionalProperties"))
            {
                required.Add(pointer + "/additionalProperties");
            }
        }

        if (schema.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String && type.GetString() == "array")
        {
            JsonElement items = schema.TryGetProperty("items", out JsonElement i) ? i : default;
            if (items.ValueKind != JsonValueKind.Object || MayBeString(items, pointer + "/items"))
            {
                required.Add(pointer + "/items");
            }

            if (items.ValueKind == JsonValueKind.Object)
            {
                Require(items, pointer + "/items", required, visited);
            }
        }
    }

    private static void Walk(JsonElement schema, string pointer, JsonNode? instance, List<object> path, List<HostileField> fields)
    {
        if (instance is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            // The field's own pointer (docsUrl, not the httpUrl definition it refers to).
            fields.Add(new HostileField(pointer, [.. path], IsKey: false));
            return;
        }

        (schema, pointer) = Resolve(schema, pointer);
        switch (instance)
        {
            case JsonArray array:
                JsonElement items = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("items", out JsonElement i) ? i : default;
                for (int index = 0; index < array.Count; index++)
                {
                    Walk(items, pointer + "/items", array[index], [.. path, index], fields);
                }

                return;
            case JsonObject obj:
                JsonElement properties = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out JsonElement p) ? p : default;
                foreach ((string key, JsonNode? child) in obj)
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(key, out JsonElement propertySchema))
                    {
                        Walk(propertySchema, pointer + "/properties/" + key, child, [.. path, key], fields);
                    }
                    else if (key.StartsWith("x-", StringComparison.Ordinal) && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("patternProperties", out JsonElement patterns))
                    {
                        fields.Add(new HostileField(pointer + "/patternProperties/^x-#key", [.. path, key], IsKey: true));
                        Walk(patterns.GetProperty("^x-"), pointer + "/patternProperties/^x-", child, [.. path, key], fields);
                    }
                    else if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.Object)
                    {
                        fields.Add(new HostileField(pointer + "/additionalProperties#key", [.. path, key], IsKey: true));
                        Walk(additional, pointer + "/additionalProperties", child, [.. path, key], fields);
                    }
                    else
                    {
                        // Not described by the schema at this place (an untyped "example" object...): its strings are data.
                        Walk(default, pointer + "/" + key, child, [.. path, key], fields);
                    }
                }

                return;
        }
    }
}
