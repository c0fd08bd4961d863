using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alter.Catalog.Import.Discovery;

internal static partial class DiscoveryReader
{
    /// <summary>Discovery schemas as format-v1 schemas: $ref targets collected and converted once, objects, arrays, maps, scalars.</summary>
    private sealed partial class Run
    {
        /// <summary>A request or response: <c>{"$ref": "Message"}</c>.</summary>
        private JsonObject Reference(JsonNode node, string pointer)
        {
            if (node is not JsonObject obj || obj["$ref"] is not JsonValue value || !value.TryGetValue(out string? name))
            {
                throw Fail(pointer, "a request or response must be {\"$ref\": \"<schema id>\"}");
            }

            return RefTo(name, pointer + "/$ref");
        }

        private JsonObject RefTo(string name, string pointer)
        {
            if (!_schemaSources.ContainsKey(name))
            {
                throw Fail(pointer, $"'{name}' does not resolve: the document has no schema with that id under /schemas");
            }

            if (_named.Add(name))
            {
                _pending.Enqueue(name);
            }

            return new JsonObject { ["$ref"] = "#/schemas/" + SpecReader.Escape(name) };
        }

        private void Flush()
        {
            while (_pending.TryDequeue(out string? name))
            {
                _schemas[name] = Schema((JsonObject)_schemaSources[name]!, "/schemas/" + SpecReader.Escape(name), 0);
            }
        }

        private JsonObject Schema(JsonObject source, string at, int depth)
        {
            if (depth > 64)
            {
                Warn(at, "the schema nests deeper than 64 levels; typed as JSON (JsonElement)");
                return [];
            }

            string? description = OptionalString(source, "description", at)?.Trim();
            JsonObject result;
            if (source["$ref"] is JsonNode refNode)
            {
                if (refNode is not JsonValue rv || !rv.TryGetValue(out string? name))
                {
                    throw Fail(at + "/$ref", "'$ref' must be a schema id (a string)");
                }

                result = RefTo(name, at + "/$ref");
            }
            else
            {
                string? type = OptionalString(source, "type", at);
                switch (type)
                {
                    case "object":
                        result = ObjectSchema(source, at, depth);
                        break;
                    case "array":
                        result = new JsonObject { ["type"] = "array" };
                        if (source["items"] is JsonNode items)
                        {
                            result["items"] = items is JsonObject itemsObject
                                ? Schema(itemsObject, at + "/items", depth + 1)
                                : throw Fail(at + "/items", "'items' must be a schema (an object)");
                        }

                        break;
                    case "string" or "integer" or "number" or "boolean":
                        result = new JsonObject { ["type"] = type };
                        CopyScalarKeywords(source, result, type, at);
                        break;
                    case "any" or null:
                        result = [];
                        break;
                    default:
                        throw Fail(at + "/type", $"'{type}' is not a Discovery type (object, array, string, integer, number, boolean, any)");
                }
            }

            if (!string.IsNullOrEmpty(description))
            {
                result["description"] = description;
            }

            return result;
        }

        private JsonObject ObjectSchema(JsonObject source, string at, int depth)
        {
            var result = new JsonObject { ["type"] = "object" };
            if (source["properties"] is JsonNode propertiesNode)
            {
                if (propertiesNode is not JsonObject properties)
                {
                    throw Fail(at + "/properties", "'properties' must be an object of schemas by name");
                }

                var converted = new JsonObject();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach ((string name, JsonNode? property) in properties)
                {
                    string propertyAt = at + "/properties/" + SpecReader.Escape(name);
                    if (property is not JsonObject propertySchema)
                    {
                        throw Fail(propertyAt, "a property must be a schema (an object)");
                    }

                    if (!seen.Add(name))
                    {
                        Warn(propertyAt, $"'{name}' differs from another property of this object only in case; it is left out (the runtime reads JSON case-insensitively)");
                        continue;
                    }

                    _propertyNames.Add(name);
                    converted[name] = Schema(propertySchema, propertyAt, depth + 1);
                }

                result["properties"] = converted;
            }

            if (source["additionalProperties"] is JsonNode additional)
            {
                result["additionalProperties"] = additional switch
                {
                    JsonObject additionalSchema => Schema(additionalSchema, at + "/additionalProperties", depth + 1),
                    JsonValue b when b.TryGetValue(out bool allowed) => allowed,
                    _ => throw Fail(at + "/additionalProperties", "'additionalProperties' must be a schema or a boolean"),
                };
            }

            return result;
        }

        // ---- helpers ----
    }
}
