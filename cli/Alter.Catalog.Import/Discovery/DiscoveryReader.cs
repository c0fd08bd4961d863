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
        public Dictionary<string, string> Sources => _writer.Sources;

        private readonly DescriptionWriter _writer = new(file, options, diagnostics);

        private ImportFailedException Fail(string pointer, string message) => _writer.Fail(pointer, message);

        private void Warn(string pointer, string message) => _writer.Warn(pointer, message);

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

            string? description = OptionalString(document, "description", "") ?? OptionalString(document, "title", "");
            JsonObject root = _writer.Root(description, OptionalString(document, "documentationLink", ""));
            root["auth"] = Auth();
            var uri = new Uri(baseUrl);
            var api = new JsonObject
            {
                ["baseUrl"] = baseUrl,
                ["allowedHosts"] = new JsonArray(uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port),
            };
            root["api"] = api;

            foreach (Method method in methods)
            {
                string id = RequiredString(method.Body, "id", method.Pointer);
                string path = PathOf(method)[prefix.Length..];
                if (_writer.Admits(id, "/" + path, method.Pointer + "/id", "method id") && Operation(method, id, path, dropFirst) is { } operation)
                {
                    _writer.Add(id, method.Pointer, operation);
                }
            }

            Flush();
            _writer.Finish(root, api, _schemas, _propertyNames, "/schemas", "/resources");
            OperationCount = _writer.Operations.Count;
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

        private static bool IsHttpUrl(string? value) => DescriptionWriter.IsHttpUrl(value);
    }
}
