using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alter.Catalog.Import.Discovery;

internal static partial class DiscoveryReader
{
    /// <summary>A method's parameters (path, query, header) and their scalar schemas and typed defaults.</summary>
    private sealed partial class Run
    {
        private JsonArray? Parameters(Method method, string path)
        {
            var declared = new List<(string Name, JsonObject Body, string Pointer)>();
            if (method.Body["parameters"] is JsonNode parametersNode)
            {
                if (parametersNode is not JsonObject parameters)
                {
                    throw Fail(method.Pointer + "/parameters", "'parameters' must be an object of parameters by name");
                }

                foreach ((string name, JsonNode? body) in parameters)
                {
                    string at = method.Pointer + "/parameters/" + SpecReader.Escape(name);
                    if (body is not JsonObject parameter)
                    {
                        throw Fail(at, "a parameter must be an object");
                    }

                    declared.Add((name, parameter, at));
                }
            }

            var placeholders = Placeholders().Matches(path).Select(m => m.Groups[1].Value).ToList();
            var order = method.Body["parameterOrder"] is JsonArray po ? po.Select(p => p is JsonValue pv && pv.TryGetValue(out string? s) ? s : string.Empty).ToList() : [];
            var pathParameters = new List<JsonObject>();
            var queryParameters = new List<(int Rank, JsonObject Parameter)>();
            int index = 0;
            foreach ((string name, JsonObject body, string at) in declared)
            {
                string location = RequiredString(body, "location", at);
                bool required = body["required"] is JsonValue r && r.TryGetValue(out bool isRequired) && isRequired;
                if (location is not ("path" or "query"))
                {
                    if (required)
                    {
                        Warn(at + "/location", $"the required {location} parameter '{name}' cannot be sent by the runtime; this operation is left out");
                        return null;
                    }

                    Warn(at + "/location", $"the {location} parameter '{name}' cannot be sent by the runtime; it is left out");
                    continue;
                }

                if (location == "path" && !placeholders.Contains(name))
                {
                    Warn(at, $"the path parameter '{name}' does not appear in '{path}'; it is left out");
                    continue;
                }

                JsonObject converted = Parameter(name, body, at, location, required || location == "path");
                if (location == "path")
                {
                    pathParameters.Add(converted);
                }
                else
                {
                    int rank = order.IndexOf(name);
                    queryParameters.Add((rank < 0 ? order.Count + index : rank, converted));
                }

                index++;
            }

            foreach (string placeholder in placeholders.Where(p => !pathParameters.Any(q => q["name"]!.GetValue<string>() == p)))
            {
                Warn(method.Pointer + "/path", $"the placeholder '{{{placeholder}}}' of '{path}' has no path parameter; a required string parameter is added");
                pathParameters.Add(new JsonObject { ["name"] = placeholder, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            }

            var result = new JsonArray();
            foreach (JsonObject parameter in pathParameters.OrderBy(p => placeholders.IndexOf(p["name"]!.GetValue<string>())))
            {
                result.Add(parameter);
            }

            foreach ((int _, JsonObject parameter) in queryParameters.OrderBy(q => q.Rank))
            {
                result.Add(parameter);
            }

            // The standard 'fields' parameter (partial responses; Drive's about.get requires it) on every method.
            if (_globalFields is not null && !declared.Any(d => d.Name == "fields"))
            {
                result.Add(Parameter("fields", _globalFields, "/parameters/fields", "query", required: false));
            }

            return result;
        }

        private JsonObject Parameter(string name, JsonObject body, string at, string location, bool required)
        {
            JsonObject schema = Scalar(body, at, name);
            if (body["repeated"] is JsonValue repeated && repeated.TryGetValue(out bool isRepeated) && isRepeated)
            {
                schema = new JsonObject { ["type"] = "array", ["items"] = schema };
            }

            var result = new JsonObject { ["name"] = name, ["in"] = location };
            if (required)
            {
                result["required"] = true;
            }

            result["schema"] = schema;
            if (OptionalString(body, "description", at) is string description && !string.IsNullOrWhiteSpace(description))
            {
                result["description"] = description.Trim();
            }

            return result;
        }

        /// <summary>A parameter's scalar schema: its type, format, enum and default (the parameter's description stays on the parameter).</summary>
        private JsonObject Scalar(JsonObject body, string at, string name)
        {
            string type = OptionalString(body, "type", at) ?? "string";
            if (type is not ("string" or "integer" or "number" or "boolean"))
            {
                Warn(at + "/type", $"the parameter '{name}' is of type '{type}', not a scalar; it is typed as a string (format the value yourself)");
                return new JsonObject { ["type"] = "string" };
            }

            var schema = new JsonObject { ["type"] = type };
            CopyScalarKeywords(body, schema, type, at);
            return schema;
        }

        private void CopyScalarKeywords(JsonObject source, JsonObject target, string type, string at)
        {
            if (OptionalString(source, "format", at) is string format)
            {
                target["format"] = format;
            }

            if (source["enum"] is JsonNode enumNode)
            {
                if (enumNode is not JsonArray values)
                {
                    throw Fail(at + "/enum", "'enum' must be an array");
                }

                target["enum"] = new JsonArray(values.Select(value => TypedValue(value, type)).ToArray());
            }

            if (source["default"] is JsonNode defaultValue)
            {
                target["default"] = TypedValue(defaultValue, type);
            }
        }

        /// <summary>Discovery writes defaults and enum values as strings ("100", "true"): give them back their JSON type.</summary>
        private static JsonNode? TypedValue(JsonNode? value, string type)
        {
            if (value is JsonValue v && v.TryGetValue(out string? text))
            {
                if (type == "integer" && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
                {
                    return l;
                }

                if (type == "number" && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                {
                    return d;
                }

                if (type == "boolean" && bool.TryParse(text, out bool b))
                {
                    return b;
                }
            }

            return value?.DeepClone();
        }

        // ---- schemas ----
    }
}
