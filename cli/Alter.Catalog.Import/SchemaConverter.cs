using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.References;

namespace Alter.Catalog.Import;

/// <summary>
/// Turns NJsonSchema schemas (already <c>$ref</c>-resolved by NSwag) into the schema subset of format v1:
/// objects with properties become named schemas (<c>#/schemas/Name</c>) or inline objects; <c>allOf</c> is merged;
/// <c>oneOf</c>/<c>anyOf</c> with one non-null alternative become that alternative, nullable; 3.0 <c>nullable</c> and
/// 3.1 <c>type: [..., "null"]</c> become <c>nullable</c>; what cannot be typed becomes <c>{}</c> (JsonElement) with a
/// warning naming the schema's JSON pointer.
/// </summary>
internal sealed partial class SchemaConverter
{
    private const int MaxDepth = 64;

    private readonly Dictionary<JsonSchema, string> _definitionNames = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonSchema, string> _definitionPointers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonSchema, string> _named = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly Queue<JsonSchema> _pending = new();
    private readonly HashSet<JsonSchema> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Action<string, string> _warn;

    public SchemaConverter(IDictionary<string, JsonSchema> definitions, string definitionsPointer, Action<string, string> warn)
    {
        _warn = warn;
        foreach ((string name, JsonSchema schema) in definitions)
        {
            _definitionNames.TryAdd(schema, name);
            _definitionPointers.TryAdd(schema, definitionsPointer + "/" + SpecReader.Escape(name));
        }
    }

    /// <summary>The named schemas written so far, in the order they were first referenced.</summary>
    public JsonObject Schemas { get; } = new();

    /// <summary>Every JSON property name seen (to choose the naming policy).</summary>
    public List<string> PropertyNames { get; } = [];

    /// <summary>Converts the named schemas referenced so far (and those they reference) into <see cref="Schemas"/>.</summary>
    public void Flush()
    {
        while (_pending.TryDequeue(out JsonSchema? schema))
        {
            string name = _named[schema];
            _inProgress.Add(schema);
            JsonObject converted = ConvertObject(schema, PointerOf(schema, "/" + name), name, 0);
            _inProgress.Remove(schema);
            Schemas[name] = converted;
        }
    }

    private string PointerOf(JsonSchema schema, string fallback) => _definitionPointers.TryGetValue(schema, out string? pointer) ? pointer : fallback;

    /// <summary>A v1 schema for <paramref name="schema"/>; <paramref name="pointer"/> says where it is, for warnings.</summary>
    public JsonObject Convert(JsonSchema schema, string pointer, string nameHint, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            _warn(pointer, "the schema nests deeper than " + MaxDepth + " levels; typed as JSON (JsonElement)");
            return [];
        }

        // A reference: to a class-like schema, a $ref to its named schema; anything else, converted in place.
        if (schema.HasReference)
        {
            JsonSchema target = schema.ActualSchema;
            JsonObject result;
            if (IsClassLike(target, 0))
            {
                result = new JsonObject { ["$ref"] = "#/schemas/" + Pointer(NameOf(target, schema, nameHint)) };
            }
            else if (_inProgress.Contains(target))
            {
                _warn(pointer, "the schema refers back to itself without an object in between; typed as JSON (JsonElement)");
                result = [];
            }
            else
            {
                _inProgress.Add(target);
                result = Convert(target, PointerOf(target, pointer), nameHint, depth + 1);
                _inProgress.Remove(target);
            }

            return WithSiblings(result, schema);
        }

        return ConvertObject(schema, pointer, nameHint, depth);
    }

    /// <summary>Copies the referencing schema's own description and nullability onto a converted reference.</summary>
    private static JsonObject WithSiblings(JsonObject result, JsonSchema referencing)
    {
        if (!string.IsNullOrWhiteSpace(referencing.Description))
        {
            result["description"] = referencing.Description;
        }

        if (IsNullable(referencing))
        {
            result["nullable"] = true;
        }

        return result;
    }

    private static bool IsNullable(JsonSchema schema)
        => schema.IsNullableRaw == true || (schema.Type.HasFlag(JsonObjectType.Null) && schema.Type != JsonObjectType.Null);

    private static bool IsNullOnly(JsonSchema schema) => !schema.HasReference && schema.Type == JsonObjectType.Null;

    /// <summary>Only validation, no shape: anyOf: [{required: [a]}, {required: [b]}].</summary>
    private static bool IsConstraintOnly(JsonSchema schema)
        => !schema.HasReference && schema.Type == JsonObjectType.None && schema.Properties.Count == 0 && schema.AllOf.Count == 0
           && schema.OneOf.Count == 0 && schema.AnyOf.Count == 0 && schema.Item is null && schema.Enumeration.Count == 0;

    /// <summary>Whether a schema converts to an object with properties (it then gets a name when referenced).</summary>
    private static bool IsClassLike(JsonSchema schema, int depth)
    {
        schema = schema.ActualSchema;
        if (depth > 8 || Alternatives(schema).Any())
        {
            return false;
        }

        JsonObjectType type = schema.Type & ~JsonObjectType.Null;
        if (type != JsonObjectType.None && type != JsonObjectType.Object)
        {
            return false;
        }

        return schema.Properties.Count > 0 || (schema.AllOf.Count > 0 && schema.AllOf.All(m => IsClassLike(m, depth + 1) || IsConstraintOnly(m.ActualSchema)) && schema.AllOf.Any(m => IsClassLike(m, depth + 1)));
    }

    private static IEnumerable<JsonSchema> Alternatives(JsonSchema schema)
        => schema.OneOf.Concat(schema.AnyOf).Where(m => !IsConstraintOnly(m));

    private string NameOf(JsonSchema target, JsonSchema referencing, string hint)
    {
        if (_named.TryGetValue(target, out string? existing))
        {
            return existing;
        }

        string? candidate = _definitionNames.GetValueOrDefault(target);
        if (candidate is null)
        {
            string? path = ((IJsonReferenceBase)referencing).ReferencePath;
            if (!string.IsNullOrEmpty(path))
            {
                string last = path.TrimEnd('/');
                last = last[(last.LastIndexOfAny(['/', '#']) + 1)..];
                last = Path.GetFileNameWithoutExtension(last.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
                candidate = last.Length > 0 ? last : null;
            }
        }

        candidate ??= !string.IsNullOrWhiteSpace(target.Title) ? target.Title : hint;
        string name = candidate;
        for (int i = 2; !_usedNames.Add(name); i++)
        {
            name = candidate + i;
        }

        _named[target] = name;
        _pending.Enqueue(target);
        return name;
    }

    private static string Pointer(string name) => SpecReader.Escape(name);

    private JsonObject ConvertObject(JsonSchema schema, string pointer, string nameHint, int depth)
    {
        bool nullable = IsNullable(schema);
        var result = new JsonObject();

        // allOf: one member is that member; several are merged into one object.
        if (schema.AllOf.Count > 0)
        {
            if (schema.AllOf.Count == 1 && schema.Properties.Count == 0)
            {
                result = Convert(schema.AllOf.First(), pointer + "/allOf/0", nameHint, depth + 1);
                return Annotate(WithSiblings(result, schema), schema);
            }

            return Annotate(MergeAllOf(schema, pointer, nameHint, depth, nullable), schema);
        }

        // oneOf/anyOf: null alternatives make the rest nullable; one alternative left is that alternative.
        var alternatives = Alternatives(schema).ToList();
        if (alternatives.Count > 0)
        {
            string keyword = schema.OneOf.Count > 0 ? "oneOf" : "anyOf";
            bool hasNull = alternatives.Any(IsNullOnly);
            var rest = alternatives.Where(m => !IsNullOnly(m)).ToList();
            if (rest.Count == 1 && schema.Properties.Count == 0)
            {
                int index = alternatives.IndexOf(rest[0]);
                result = Convert(rest[0], pointer + "/" + keyword + "/" + index, nameHint, depth + 1);
                result = WithSiblings(result, schema);
                if (hasNull)
                {
                    result["nullable"] = true;
                }

                return Annotate(result, schema);
            }

            string? common = CommonScalarType(rest);
            if (common is not null && schema.Properties.Count == 0)
            {
                result["type"] = common;
                if (nullable || hasNull)
                {
                    result["nullable"] = true;
                }

                return Annotate(Describe(result, schema), schema);
            }

            _warn(pointer, $"'{keyword}' with {rest.Count} different alternatives is not typed yet; typed as JSON (JsonElement)");
            result = Describe([], schema);
            return result;
        }

        JsonObjectType type = schema.Type & ~JsonObjectType.Null;
        if (type is JsonObjectType.None or JsonObjectType.Array && schema.Item is null && schema.Items.Count > 0)
        {
            // Slack writes "items": [a, b] (a tuple) where it means anyOf: say so rather than typing it silently as JSON.
            _warn(pointer, $"'items' is a list of {schema.Items.Count} schemas (a tuple), which is not typed yet; typed as JSON (JsonElement)");
            return Describe(nullable ? new JsonObject { ["nullable"] = true } : [], schema);
        }

        if (type == JsonObjectType.None)
        {
            if (schema.Properties.Count > 0 || schema.AdditionalPropertiesSchema is not null)
            {
                type = JsonObjectType.Object;
            }
            else if (schema.Item is not null)
            {
                type = JsonObjectType.Array;
            }
            else if (schema.Enumeration.Count > 0)
            {
                type = InferEnumType(schema.Enumeration);
            }
        }

        string? typeName = type switch
        {
            JsonObjectType.String => "string",
            JsonObjectType.Integer => "integer",
            JsonObjectType.Number => "number",
            JsonObjectType.Boolean => "boolean",
            JsonObjectType.Array => "array",
            JsonObjectType.Object => "object",
            JsonObjectType.File => "string",
            JsonObjectType.None => null,
            _ => "",
        };

        if (typeName == "")
        {
            _warn(pointer, $"a list of types ({type}) is not typed yet; typed as JSON (JsonElement)");
            return Describe(nullable ? new JsonObject { ["nullable"] = true } : [], schema);
        }

        if (typeName is not null)
        {
            result["type"] = typeName;
        }

        string? format = type == JsonObjectType.File || IsBinaryContent(schema, typeName) ? "binary" : schema.Format;
        if (!string.IsNullOrEmpty(format) && typeName is "string" or "integer" or "number")
        {
            result["format"] = format;
        }

        Describe(result, schema);
        if (nullable)
        {
            result["nullable"] = true;
        }

        switch (typeName)
        {
            case "array":
                JsonSchema? items = schema.Item ?? schema.Items.FirstOrDefault();
                if (items is not null)
                {
                    result["items"] = Convert(items, pointer + "/items", nameHint + "Item", depth + 1);
                }

                break;
            case "object":
                if (schema.Properties.Count > 0)
                {
                    WriteProperties(result, schema.Properties, schema.RequiredProperties, pointer, nameHint, depth);
                }
                else if (schema.AdditionalPropertiesSchema is not null)
                {
                    result["additionalProperties"] = Convert(schema.AdditionalPropertiesSchema, pointer + "/additionalProperties", nameHint + "Value", depth + 1);
                }

                break;
        }

        return Annotate(result, schema);
    }

    private void WriteProperties(JsonObject result, IEnumerable<KeyValuePair<string, JsonSchemaProperty>> properties, IEnumerable<string> requiredNames, string pointer, string nameHint, int depth)
    {
        var required = new List<string>();
        var props = new JsonObject();
        var requiredSet = new HashSet<string>(requiredNames, StringComparer.Ordinal);
        var ignoringCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, JsonSchemaProperty property) in properties)
        {
            if (props.ContainsKey(name))
            {
                continue;
            }

            // The runtime reads JSON case-insensitively: System.Text.Json cannot map 'foo' and 'FOO' in one class.
            if (ignoringCase.TryGetValue(name, out string? first))
            {
                _warn(pointer + "/properties/" + SpecReader.Escape(name), $"the property '{name}' differs from '{first}' only in case; System.Text.Json (case-insensitive in the runtime) cannot map both, so it is left out");
                continue;
            }

            ignoringCase.Add(name, name);

            PropertyNames.Add(name);
            props[name] = Convert(property, pointer + "/properties/" + SpecReader.Escape(name), nameHint + Naming.ToPascal(name), depth + 1);
            if (property.IsRequired || requiredSet.Contains(name))
            {
                required.Add(name);
            }
        }

        if (required.Count > 0)
        {
            result["required"] = new JsonArray(required.Select(r => (JsonNode)r!).ToArray());
        }

        result["properties"] = props;
    }
}
