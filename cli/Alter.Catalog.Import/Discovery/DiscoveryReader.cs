using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Alter.Catalog.Import.Discovery;

/// <summary>
/// Reads a Google API Discovery document (<c>"kind": "discovery#restDescription"</c>) into a provider description of
/// format v1, the same output the OpenAPI import writes. Parsing is System.Text.Json's; a malformed document is an
/// error naming the file and the JSON pointer of what is wrong.
/// </summary>
/// <remarks>
/// Naming: the operation id is the Discovery method id (<c>gmail.users.messages.list</c>); <c>name</c> is the method
/// name (<c>list</c>); <c>group</c> is the resource path joined in camelCase (<c>calendarList</c>,
/// <c>messagesAttachments</c>), without the first resource when it is the document's only top-level resource and the
/// method sits in a resource below it (every Gmail method lives under <c>users/{userId}</c>: <c>users.messages.list</c>
/// is <c>Messages.List</c>, <c>users.getProfile</c> stays <c>Users.GetProfile</c>).
/// </remarks>
internal static partial class DiscoveryReader
{
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>
    /// The document's parsed root when <paramref name="file"/> is a Discovery document (a JSON object with
    /// <c>discoveryVersion</c> or <c>"kind": "discovery#restDescription"</c>); null for anything else, syntax errors
    /// included (the OpenAPI reader then reports them with line and column).
    /// </summary>
    public static JsonObject? TryRead(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        string text = File.ReadAllText(file);
        if (!text.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject root
                && (root.ContainsKey("discoveryVersion") || (root["kind"] is JsonValue kind && kind.TryGetValue(out string? k) && k == "discovery#restDescription")))
            {
                return root;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>Builds the description; throws <see cref="ImportFailedException"/> for a malformed document.</summary>
    public static JsonObject Build(JsonObject document, string file, ImportOptions options, List<ImportDiagnostic> diagnostics, out int operationCount)
        => Build(document, file, options, diagnostics, out operationCount, out _);

    /// <summary>The same, with the source JSON pointer of each imported method (by id) and schema (<c>schema:&lt;name&gt;</c>).</summary>
    internal static JsonObject Build(JsonObject document, string file, ImportOptions options, List<ImportDiagnostic> diagnostics, out int operationCount, out IReadOnlyDictionary<string, string> sources)
    {
        var run = new Run(document, file, options, diagnostics);
        JsonObject result = run.Build();
        operationCount = run.OperationCount;
        sources = run.Sources;
        return result;
    }

    private sealed record Method(IReadOnlyList<string> Resources, string Name, JsonObject Body, string Pointer);

    private sealed partial class Run(JsonObject document, string file, ImportOptions options, List<ImportDiagnostic> diagnostics)
    {
        private readonly JsonObject _schemaSources = new();
        private readonly JsonObject _schemas = new();
        private readonly Queue<string> _pending = new();
        private readonly HashSet<string> _named = new(StringComparer.Ordinal);
        private readonly List<string> _propertyNames = [];
        private JsonObject? _globalFields;

        public int OperationCount { get; private set; }

        /// <summary>Source JSON pointers of what was imported, for the text-safety warnings.</summary>
        public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

        private ImportFailedException Fail(string pointer, string message) => SpecReader.Fail(file, pointer, message);

        private void Warn(string pointer, string message)
        {
            var diagnostic = new ImportDiagnostic(ImportSeverity.Warning, file, pointer, message);
            if (!diagnostics.Contains(diagnostic))
            {
                diagnostics.Add(diagnostic);
            }
        }

        public JsonObject Build()
        {
            string rootUrl = RequiredString(document, "rootUrl", "");
            if (!Uri.TryCreate(rootUrl, UriKind.Absolute, out Uri? rootUri) || (rootUri.Scheme != "https" && rootUri.Scheme != "http"))
            {
                throw Fail("/rootUrl", $"'{rootUrl}' is not an absolute http(s) URL");
            }

            string servicePath = OptionalString(document, "servicePath", "") ?? string.Empty;
            if (document["schemas"] is JsonNode schemasNode)
            {
                if (schemasNode is not JsonObject schemas)
                {
                    throw Fail("/schemas", "'schemas' must be an object of schemas by id");
                }

                foreach ((string schemaName, JsonNode? schema) in schemas)
                {
                    if (schema is not JsonObject)
                    {
                        throw Fail("/schemas/" + SpecReader.Escape(schemaName), "a schema must be an object");
                    }

                    _schemaSources[schemaName] = schema.DeepClone();
                }
            }

            if (document["parameters"] is JsonObject globals && globals["fields"] is JsonObject fields)
            {
                _globalFields = fields;
            }

            var methods = new List<Method>();
            Collect(document, [], "", methods);
            var topLevel = document["resources"] is JsonObject resources ? resources.Select(r => r.Key).ToList() : [];
            bool dropFirst = topLevel.Count == 1 && !(document["methods"] is JsonObject { Count: > 0 });

            // Gmail's servicePath is empty and every path starts with gmail/v1/: that prefix belongs to the base URL.
            string baseUrl = rootUrl.EndsWith('/') ? rootUrl : rootUrl + "/";
            string service = servicePath.TrimStart('/');
            if (service.Length > 0 && !service.EndsWith('/'))
            {
                service += "/";
            }

            string prefix = string.Empty;
            if (service.Length == 0 && document["name"] is JsonValue n && n.TryGetValue(out string? apiName)
                && document["version"] is JsonValue v && v.TryGetValue(out string? version))
            {
                string candidate = apiName + "/" + version + "/";
                if (methods.Count > 0 && methods.All(m => PathOf(m).StartsWith(candidate, StringComparison.Ordinal)))
                {
                    prefix = candidate;
                }
            }

            baseUrl += service + prefix;

            string name = options.Name ?? Naming.ToPascal(options.Id);
            var root = new JsonObject
            {
                ["$schema"] = "../provider.schema.json",
                ["formatVersion"] = 1,
                ["id"] = options.Id,
                ["name"] = name,
            };
            string? description = OptionalString(document, "description", "") ?? OptionalString(document, "title", "");
            if (!string.IsNullOrWhiteSpace(description))
            {
                root["description"] = description.Trim();
            }

            if (OptionalString(document, "documentationLink", "") is string docs && IsHttpUrl(docs))
            {
                root["docsUrl"] = docs;
            }

            root["auth"] = Auth();
            var uri = new Uri(baseUrl);
            var api = new JsonObject
            {
                ["baseUrl"] = baseUrl,
                ["allowedHosts"] = new JsonArray(uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port),
            };
            root["api"] = api;

            var operations = new JsonArray();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var methodNames = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (Method method in methods)
            {
                string id = RequiredString(method.Body, "id", method.Pointer);
                string path = PathOf(method)[prefix.Length..];
                if (!OperationGlob.Selects(options.Include, id, "/" + path))
                {
                    continue;
                }

                if (!ids.Add(id))
                {
                    Warn(method.Pointer + "/id", $"the method id '{id}' appears twice; this operation is left out");
                    continue;
                }

                JsonObject? operation = Operation(method, id, path, dropFirst, methodNames);
                if (operation is not null)
                {
                    Sources[id] = method.Pointer;
                    operations.Add(operation);
                }
            }

            if (options.Include.Count > 0 && operations.Count == 0 && !diagnostics.Any(d => d.Message.Contains("left out", StringComparison.Ordinal)))
            {
                throw Fail("/resources", "no operation matches the include globs " + string.Join(", ", options.Include.Select(g => "'" + g + "'")));
            }

            Flush();
            foreach (string schemaName in _schemas.Select(p => p.Key))
            {
                Sources["schema:" + schemaName] = "/schemas/" + SpecReader.Escape(schemaName);
            }

            OperationCount = operations.Count;
            api["jsonNaming"] = Naming.ChooseJsonNaming(_propertyNames);
            root["operations"] = operations;
            root["schemas"] = _schemas;
            return root;
        }

        private JsonObject Auth()
        {
            if (document["auth"] is JsonObject auth && auth["oauth2"] is JsonObject)
            {
                // Discovery documents name scopes, not endpoints: every Google API uses Google's OAuth 2.0 endpoints.
                return new JsonObject
                {
                    ["kind"] = "oauth2",
                    ["authorizationUrl"] = "https://accounts.google.com/o/oauth2/v2/auth",
                    ["tokenUrl"] = "https://oauth2.googleapis.com/token",
                    ["revocationUrl"] = "https://oauth2.googleapis.com/revoke",
                    ["scopeSeparator"] = " ",
                };
            }

            Warn("/auth", "the document declares no OAuth 2.0 scopes; auth is set to an API key in the 'key' query parameter");
            return new JsonObject { ["kind"] = "apiKey", ["token"] = new JsonObject { ["in"] = "query", ["name"] = "key" } };
        }

        // ---- methods ----

        private void Collect(JsonObject owner, List<string> resources, string pointer, List<Method> into)
        {
            if (owner["methods"] is JsonNode methodsNode)
            {
                if (methodsNode is not JsonObject methods)
                {
                    throw Fail(pointer + "/methods", "'methods' must be an object of methods by name");
                }

                foreach ((string name, JsonNode? body) in methods)
                {
                    string at = pointer + "/methods/" + SpecReader.Escape(name);
                    if (body is not JsonObject method)
                    {
                        throw Fail(at, "a method must be an object");
                    }

                    into.Add(new Method(resources, name, method, at));
                }
            }

            if (owner["resources"] is JsonNode resourcesNode)
            {
                if (resourcesNode is not JsonObject children)
                {
                    throw Fail(pointer + "/resources", "'resources' must be an object of resources by name");
                }

                foreach ((string name, JsonNode? body) in children)
                {
                    string at = pointer + "/resources/" + SpecReader.Escape(name);
                    if (body is not JsonObject resource)
                    {
                        throw Fail(at, "a resource must be an object");
                    }

                    Collect(resource, [.. resources, name], at, into);
                }
            }
        }

        /// <summary>
        /// The method's path: <c>path</c> unless it holds a reserved expansion (<c>{+name}</c>); then <c>flatPath</c>
        /// when each of its placeholders is a declared parameter, else <c>path</c> with <c>{+name}</c> read as <c>{name}</c>.
        /// </summary>
        private string PathOf(Method method)
        {
            string path = RequiredString(method.Body, "path", method.Pointer);
            if (path.Contains("{+", StringComparison.Ordinal))
            {
                if (OptionalString(method.Body, "flatPath", method.Pointer) is string flat
                    && Placeholders().Matches(flat).All(m => method.Body["parameters"] is JsonObject p && p.ContainsKey(m.Groups[1].Value)))
                {
                    path = flat;
                }
                else
                {
                    Warn(method.Pointer + "/path", $"'{path}' expands a parameter with its slashes ({{+name}}); it is sent as one escaped path segment");
                    path = path.Replace("{+", "{", StringComparison.Ordinal);
                }
            }

            return path.TrimStart('/');
        }

        [GeneratedRegex("\\{\\+?([^{}]+)\\}")]
        private static partial Regex Placeholders();

        private JsonObject? Operation(Method method, string id, string path, bool dropFirst, Dictionary<string, HashSet<string>> methodNames)
        {
            string httpMethod = RequiredString(method.Body, "httpMethod", method.Pointer).ToUpperInvariant();
            if (Array.IndexOf(s_methods, httpMethod) < 0)
            {
                throw Fail(method.Pointer + "/httpMethod", $"'{httpMethod}' is not an HTTP method ({string.Join(", ", s_methods)})");
            }

            IReadOnlyList<string> resources = dropFirst && method.Resources.Count > 1 ? method.Resources.Skip(1).ToList() : method.Resources;
            string group = resources.Count == 0 ? "default" : resources[0] + string.Concat(resources.Skip(1).Select(UpperFirst));
            string groupPascal = Naming.ToPascal(group);
            string methodName = method.Name;
            HashSet<string> taken = methodNames.TryGetValue(groupPascal, out HashSet<string>? set) ? set : methodNames[groupPascal] = new HashSet<string>(StringComparer.Ordinal);
            if (!taken.Add(Naming.ToPascal(methodName)))
            {
                int i = 2;
                while (!taken.Add(Naming.ToPascal(methodName) + i))
                {
                    i++;
                }

                Warn(method.Pointer, $"'{id}' maps to the same C# method as another operation ({groupPascal}.{Naming.ToPascal(methodName)}); it is named {Naming.ToPascal(methodName) + i}");
                methodName += i.ToString(CultureInfo.InvariantCulture);
            }

            var result = new JsonObject
            {
                ["id"] = id,
                ["method"] = httpMethod,
                ["path"] = path,
            };
            string? text = OptionalString(method.Body, "description", method.Pointer)?.Trim();
            if (!string.IsNullOrEmpty(text))
            {
                string summary = FirstSentence(text);
                result["summary"] = summary;
                if (summary != text)
                {
                    result["description"] = text;
                }
            }

            if (OptionalString(method.Body, "documentationLink", method.Pointer) is string docs && IsHttpUrl(docs))
            {
                result["docsUrl"] = docs;
            }

            if (method.Body["scopes"] is JsonNode scopesNode)
            {
                if (scopesNode is not JsonArray scopes || scopes.Any(s => s is not JsonValue sv || !sv.TryGetValue(out string? _)))
                {
                    throw Fail(method.Pointer + "/scopes", "'scopes' must be an array of scope strings");
                }

                result["scopes"] = scopes.DeepClone();
            }

            JsonArray? parameters = Parameters(method, path);
            if (parameters is null)
            {
                return null;
            }

            if (parameters.Count > 0)
            {
                result["parameters"] = parameters;
            }

            if (method.Body["request"] is JsonNode request)
            {
                result["requestBody"] = new JsonObject
                {
                    ["contentType"] = "application/json",
                    ["schema"] = Reference(request, method.Pointer + "/request"),
                };
            }

            if (method.Body["response"] is JsonNode response)
            {
                result["response"] = new JsonObject { ["schema"] = Reference(response, method.Pointer + "/response") };
            }

            result["group"] = group;
            result["name"] = methodName;
            return result;
        }

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

        private string RequiredString(JsonObject owner, string key, string pointer)
        {
            if (owner[key] is not JsonNode node)
            {
                throw Fail(pointer, $"'{key}' is missing");
            }

            return node is JsonValue value && value.TryGetValue(out string? text)
                ? text
                : throw Fail(pointer + "/" + SpecReader.Escape(key), $"'{key}' must be a string");
        }

        private string? OptionalString(JsonObject owner, string key, string pointer)
            => owner[key] is null ? null : RequiredString(owner, key, pointer);

        private static string UpperFirst(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

        /// <summary>The first sentence: up to the first '.' followed by a space or the end (not inside a Markdown link or code span).</summary>
        private static string FirstSentence(string text)
        {
            int brackets = 0;
            bool code = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '`')
                {
                    code = !code;
                }
                else if (!code && (c == '[' || c == '('))
                {
                    brackets++;
                }
                else if (!code && (c == ']' || c == ')') && brackets > 0)
                {
                    brackets--;
                }
                else if (!code && brackets == 0 && c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])) && !EndsWithAbbreviation(text, i))
                {
                    return text[..(i + 1)];
                }
                else if (c == '\n' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    return text[..i].TrimEnd();
                }
            }

            return text;
        }

        private static bool EndsWithAbbreviation(string text, int dot)
            => dot >= 3 && (text.AsSpan(dot - 3, 3).SequenceEqual("e.g") || text.AsSpan(dot - 3, 3).SequenceEqual("i.e"));

        private static bool IsHttpUrl(string? value)
            => value is not null && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http");
    }
}
