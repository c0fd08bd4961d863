using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NSwag;

namespace Alter.Catalog.Import;

public static partial class OpenApiImporter
{
    /// <summary>An operation's scopes and parameters: path, query and header values, their schemas, credentials left out.</summary>
    private sealed partial class Run
    {
        /// <summary>
        /// The OAuth scopes the operation needs: <c>[]</c> only when the document says so (an empty requirement);
        /// absent when it says nothing about the OAuth scheme (no security at all, or another scheme only).
        /// </summary>
        private JsonArray? Scopes(OpenApiOperation operation)
        {
            ICollection<OpenApiSecurityRequirement>? security = operation.Security ?? _document.Security;
            if (security is null || security.Count == 0)
            {
                return operation.Security is { Count: 0 } ? [] : null;
            }

            var scopes = new List<string>();
            bool mentioned = false;
            foreach (OpenApiSecurityRequirement requirement in security)
            {
                foreach ((string scheme, IEnumerable<string> values) in requirement)
                {
                    if (_oauthScheme is null || scheme == _oauthScheme)
                    {
                        mentioned = true;
                        scopes.AddRange(values.Where(v => !scopes.Contains(v)));
                    }
                }
            }

            return mentioned ? new JsonArray(scopes.Select(s => (JsonNode)s!).ToArray()) : null;
        }

        private bool IsCredential(OpenApiParameter parameter)
        {
            if (parameter.Kind == OpenApiParameterKind.Header && string.Equals(parameter.Name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (_apiKey is { } key && string.Equals(parameter.Name, key.Name, StringComparison.OrdinalIgnoreCase)
                && ((key.In == "header" && parameter.Kind == OpenApiParameterKind.Header) || (key.In == "query" && parameter.Kind == OpenApiParameterKind.Query)))
            {
                return true;
            }

            // Slack: a "token" header/form field "Authentication token bearing required scopes." is the credential.
            return parameter.Name is "token" or "access_token"
                && parameter.Kind != OpenApiParameterKind.Path
                && (parameter.Description ?? string.Empty).StartsWith("Authentication token", StringComparison.OrdinalIgnoreCase);
        }

        private JsonArray? Parameters(OpenApiOperation operation, string path, string pointer, string hint)
        {
            var result = new JsonArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var placeholders = Placeholders().Matches(path).Select(m => m.Groups[1].Value).ToList();
            int index = -1;
            foreach (OpenApiParameter raw in operation.ActualParameters)
            {
                index++;
                OpenApiParameter parameter = raw.ActualParameter;
                string at = pointer + "/parameters/" + index;
                string? location = parameter.Kind switch
                {
                    OpenApiParameterKind.Path => "path",
                    OpenApiParameterKind.Query => "query",
                    OpenApiParameterKind.Header => "header",
                    _ => null,
                };
                if (parameter.Kind is OpenApiParameterKind.Body or OpenApiParameterKind.FormData or OpenApiParameterKind.ModelBinding || IsCredential(parameter))
                {
                    continue;
                }

                if (location is null)
                {
                    if (parameter.IsRequired)
                    {
                        Warn(at, $"the required {parameter.Kind.ToString().ToLowerInvariant()} parameter '{parameter.Name}' cannot be sent by the runtime; this operation is left out");
                        return null;
                    }

                    Warn(at, $"the {parameter.Kind.ToString().ToLowerInvariant()} parameter '{parameter.Name}' cannot be sent by the runtime; it is left out");
                    continue;
                }

                if (location == "path" && !placeholders.Contains(parameter.Name))
                {
                    Warn(at, $"the path parameter '{parameter.Name}' does not appear in '{path}'; it is left out");
                    continue;
                }

                string key = location + " " + (location == "header" ? parameter.Name.ToLowerInvariant() : parameter.Name);
                if (!seen.Add(key))
                {
                    Warn(at, $"the {location} parameter '{parameter.Name}' appears twice; the second is left out");
                    continue;
                }

                JsonObject schema = ParameterSchema(parameter, at, hint + Naming.ToPascal(parameter.Name));
                var converted = new JsonObject
                {
                    ["name"] = parameter.Name,
                    ["in"] = location,
                };
                if (location == "path" || parameter.IsRequired)
                {
                    converted["required"] = true;
                }

                converted["schema"] = schema;
                if (location == "query" && schema["type"]?.GetValue<string>() == "array" && !Exploded(parameter, at))
                {
                    converted["explode"] = false;
                }

                if (!string.IsNullOrWhiteSpace(parameter.Description))
                {
                    converted["description"] = parameter.Description.Trim();
                }

                result.Add(converted);
            }

            foreach (string placeholder in placeholders)
            {
                if (!seen.Contains("path " + placeholder))
                {
                    Warn(pointer, $"the placeholder '{{{placeholder}}}' of '{path}' has no path parameter; a required string parameter is added");
                    result.Add(new JsonObject { ["name"] = placeholder, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
                    seen.Add("path " + placeholder);
                }
            }

            // Path parameters first, in the order of their placeholders (path-level parameters come last from NSwag);
            // then the others as written. Method parameters follow this order.
            var ordered = result
                .OrderBy(p => p!["in"]!.GetValue<string>() == "path" ? placeholders.IndexOf(p["name"]!.GetValue<string>()) : int.MaxValue)
                .Select(p => p!.DeepClone())
                .ToArray();
            return new JsonArray(ordered);
        }

        [GeneratedRegex("\\{([^{}]+)\\}")]
        private static partial Regex Placeholders();

        /// <summary>A parameter's schema: scalars and lists of scalars; anything else is sent as text (a string) with a warning.</summary>
        private JsonObject ParameterSchema(OpenApiParameter parameter, string at, string hint)
        {
            JsonSchema source = parameter.Schema ?? parameter;
            JsonObject schema = _schemas.Convert(source, at + (parameter.Schema is null ? string.Empty : "/schema"), hint);

            // A Swagger 2 parameter is its own schema: its description is the parameter's, not the schema's.
            if (parameter.Schema is null)
            {
                schema.Remove("description");
            }

            if (IsScalar(schema) || (schema["type"]?.GetValue<string>() == "array" && schema["items"] is JsonObject items && IsScalar(items)))
            {
                return schema;
            }

            Warn(at, $"the parameter '{parameter.Name}' is not a scalar or a list of scalars; it is typed as a string (format the value yourself)");
            var fallback = new JsonObject { ["type"] = "string" };
            if (schema["description"] is JsonNode description)
            {
                fallback["description"] = description.DeepClone();
            }

            return fallback;
        }

        private static bool IsScalar(JsonObject schema)
            => !schema.ContainsKey("$ref") && schema["type"] is JsonValue v && v.TryGetValue(out string? type) && type is "string" or "integer" or "number" or "boolean";
    }
}
