using System.Text.Json.Nodes;
using NJsonSchema;

namespace Alter.Catalog.Import;

/// <summary>Scalar types (enums, a union's common type, binary content) and the keywords copied onto converted schemas.</summary>
internal sealed partial class SchemaConverter
{
    private string? CommonScalarType(List<JsonSchema> alternatives)
    {
        string? common = null;
        foreach (JsonSchema alternative in alternatives)
        {
            JsonSchema actual = alternative.ActualSchema;
            if (Alternatives(actual).Any() || actual.AllOf.Count > 0 || actual.Properties.Count > 0)
            {
                return null;
            }

            string? type = (actual.Type & ~JsonObjectType.Null) switch
            {
                JsonObjectType.String => "string",
                JsonObjectType.Integer => "integer",
                JsonObjectType.Number => "number",
                JsonObjectType.Boolean => "boolean",
                _ => null,
            };
            if (type is null || (common is not null && common != type))
            {
                return null;
            }

            common = type;
        }

        return common;
    }

    private static JsonObjectType InferEnumType(ICollection<object?> values)
    {
        if (values.All(v => v is string))
        {
            return JsonObjectType.String;
        }

        if (values.All(v => v is long or int or short or byte))
        {
            return JsonObjectType.Integer;
        }

        return values.All(v => v is bool) ? JsonObjectType.Boolean : JsonObjectType.None;
    }

    private static JsonObject Describe(JsonObject result, JsonSchema schema)
    {
        if (!string.IsNullOrWhiteSpace(schema.Description) && !result.ContainsKey("description"))
        {
            result["description"] = schema.Description;
        }

        return result;
    }

    /// <summary>Enum values and the default: documentation for the generated code.</summary>
    private static JsonObject Annotate(JsonObject result, JsonSchema schema)
    {
        if (result.ContainsKey("$ref"))
        {
            return result;
        }

        string? type = result["type"] is JsonValue t && t.TryGetValue(out string? typeName) ? typeName : null;
        if (schema.Enumeration.Count > 0 && !result.ContainsKey("enum"))
        {
            var values = new JsonArray();
            foreach (object? value in schema.Enumeration)
            {
                if (value is not null)
                {
                    values.Add(Coerce(ToNode(value), type));
                }
            }

            if (values.Count > 0)
            {
                result["enum"] = values;
            }
        }

        if (schema.Default is not null && !result.ContainsKey("default"))
        {
            result["default"] = Coerce(ToNode(schema.Default), type);
        }

        return result;
    }

    /// <summary>YAML reads every scalar as text: a default or enum value of a number or boolean schema gets its JSON type back.</summary>
    private static JsonNode? Coerce(JsonNode? value, string? type)
    {
        if (value is not JsonValue v || !v.TryGetValue(out string? text))
        {
            return value;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return type switch
        {
            "integer" when long.TryParse(text, System.Globalization.NumberStyles.Integer, invariant, out long l) => JsonValue.Create(l),
            "number" when double.TryParse(text, System.Globalization.NumberStyles.Float, invariant, out double d) => JsonValue.Create(d),
            "boolean" when bool.TryParse(text, out bool b) => JsonValue.Create(b),
            _ => value,
        };
    }

    public static JsonNode? ToNode(object value)
        => JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(value));

    /// <summary>
    /// A string of raw bytes written the JSON Schema 2019 way (OpenAPI 3.1): <c>contentEncoding: binary</c> or a
    /// <c>contentMediaType</c> without a format; it reads as <c>format: binary</c> (a file part in a multipart body).
    /// </summary>
    private static bool IsBinaryContent(JsonSchema schema, string? typeName)
    {
        if (typeName != "string" || !string.IsNullOrEmpty(schema.Format) || schema.ExtensionData is null)
        {
            return false;
        }

        bool encoded = schema.ExtensionData.TryGetValue("contentEncoding", out object? encoding) && encoding is not null;
        return encoded
            ? encoding!.ToString() is "binary"
            : schema.ExtensionData.TryGetValue("contentMediaType", out object? media) && media is not null;
    }
}
