using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NSwag;

namespace Alter.Catalog.Import;

/// <summary>
/// Imports an OpenAPI 2.0/3.0/3.1 document (JSON or YAML), or a Google Discovery document, as a provider description
/// in format v1 (<c>providers/provider.schema.json</c>), keeping the operations the include globs select.
/// </summary>
public static partial class OpenApiImporter
{
    private static readonly JsonSerializerOptions s_output = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] s_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>Imports <paramref name="specPath"/>; never throws for a bad input (the result holds the error).</summary>
    public static async Task<ImportResult> ImportAsync(string specPath, ImportOptions options, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<ImportDiagnostic>();
        string file = Path.GetFullPath(specPath);
        try
        {
            if (!Regex.IsMatch(options.Id, "^[a-z0-9][a-z0-9-]*$"))
            {
                throw SpecReader.Fail(file, "", $"'{options.Id}' is not a provider id: use lower-case letters, digits and '-', starting with a letter or digit");
            }

            JsonObject? baseRoot = options.Base is null ? null : BaseDescription.Read(options.Base, options.Id);
            JsonObject description;
            int count;
            IReadOnlyDictionary<string, string> sources = new Dictionary<string, string>(StringComparer.Ordinal);

            // A Google Discovery document (discoveryVersion / kind discovery#restDescription) has its own reader.
            if (Discovery.DiscoveryReader.TryRead(file) is { } discovery)
            {
                description = Discovery.DiscoveryReader.Build(discovery, file, options, diagnostics, out count, out sources);
            }
            else
            {
                OpenApiDocument document = await SpecReader.ReadAsync(file, cancellationToken).ConfigureAwait(false);
                var run = new Run(document, file, options, diagnostics);
                description = run.Build();
                count = run.OperationCount;
                sources = run.Sources;
            }

            if (baseRoot is not null)
            {
                // The base's auth is kept: what the import guessed about auth does not apply.
                diagnostics.RemoveAll(d => d.Severity == ImportSeverity.Warning && d.File == file && d.Message.Contains("; auth is set to", StringComparison.Ordinal));
                description = BaseDescription.Widen(baseRoot, Path.GetFullPath(options.Base!), description, options.Name, file, diagnostics);
                count = ((JsonArray)description["operations"]!).Count;
            }

            // Last: what is written holds no control, format or line-separator character the generator would refuse.
            int before = description["operations"] is JsonArray all ? all.Count : 0;
            ImportTextSafety.Apply(description, file, diagnostics, sources);
            count -= before - (description["operations"] is JsonArray left ? left.Count : 0);
            return new ImportResult(description.ToJsonString(s_output) + "\n", diagnostics, count);
        }
        catch (ImportFailedException ex)
        {
            diagnostics.Add(ex.Diagnostic);
            return new ImportResult(null, diagnostics, 0);
        }
    }

    /// <summary>Imports and writes <paramref name="outPath"/> only when the import succeeded (via a temporary file, so a failure leaves nothing behind).</summary>
    public static async Task<ImportResult> ImportToFileAsync(string specPath, string outPath, ImportOptions options, CancellationToken cancellationToken = default)
    {
        ImportResult result = await ImportAsync(specPath, options, cancellationToken).ConfigureAwait(false);
        if (result.DescriptionJson is null)
        {
            return result;
        }

        string full = Path.GetFullPath(outPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp-" + Environment.ProcessId;
        await File.WriteAllTextAsync(temp, result.DescriptionJson, cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
        return result;
    }

    private sealed partial class Run
    {
        private readonly OpenApiDocument _document;
        private readonly string _file;
        private readonly ImportOptions _options;
        private readonly List<ImportDiagnostic> _diagnostics;
        private readonly SchemaConverter _schemas;
        private readonly bool _swagger2;
        private string? _oauthScheme;
        private (string In, string Name)? _apiKey;

        public Run(OpenApiDocument document, string file, ImportOptions options, List<ImportDiagnostic> diagnostics)
        {
            _document = document;
            _file = file;
            _options = options;
            _diagnostics = diagnostics;
            _swagger2 = document.SchemaType == SchemaType.Swagger2;
            _schemas = new SchemaConverter(document.Definitions, _swagger2 ? "/definitions" : "/components/schemas", Warn);
        }

        public int OperationCount { get; private set; }

        /// <summary>Source JSON pointers of what was imported (operations by id, <c>schema:&lt;name&gt;</c>, <c>root:description</c>), for the text-safety warnings.</summary>
        public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

        private void Warn(string pointer, string message)
        {
            // A named schema inlined at several places is converted (and found wanting) once per use: say it once.
            var diagnostic = new ImportDiagnostic(ImportSeverity.Warning, _file, pointer, message);
            if (!_diagnostics.Contains(diagnostic))
            {
                _diagnostics.Add(diagnostic);
            }
        }

        public JsonObject Build()
        {
            string name = _options.Name ?? Naming.ToPascal(_options.Id);
            var root = new JsonObject
            {
                ["$schema"] = "../provider.schema.json",
                ["formatVersion"] = 1,
                ["id"] = _options.Id,
                ["name"] = name,
            };
            if (!string.IsNullOrWhiteSpace(_document.Info?.Title))
            {
                root["description"] = _document.Info.Title.Trim();
            }

            if (IsHttpUrl(_document.ExternalDocumentation?.Url))
            {
                root["docsUrl"] = _document.ExternalDocumentation!.Url;
            }

            root["auth"] = Auth();
            (JsonObject api, JsonObject? _) = (Api(), null);
            root["api"] = api;

            var operations = new JsonArray();
            var methodNames = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (string path in _document.Paths.Keys)
            {
                OpenApiPathItem item = _document.Paths[path];
                foreach ((string method, OpenApiOperation operation) in item)
                {
                    string httpMethod = method.ToUpperInvariant();
                    if (Array.IndexOf(s_methods, httpMethod) < 0)
                    {
                        continue;
                    }

                    string pointer = "/paths/" + SpecReader.Escape(path) + "/" + method.ToLowerInvariant();
                    string id = OperationId(operation, path, httpMethod);
                    if (!OperationGlob.Selects(_options.Include, id, path))
                    {
                        continue;
                    }

                    if (!ids.Add(id))
                    {
                        Warn(pointer + "/operationId", $"the operation id '{id}' appears twice; this operation is left out");
                        continue;
                    }

                    JsonObject? converted = Operation(operation, id, path, httpMethod, pointer, methodNames);
                    if (converted is not null)
                    {
                        Sources[id] = pointer;
                        operations.Add(converted);
                    }
                }
            }

            if (_options.Include.Count > 0 && operations.Count == 0 && !_diagnostics.Any(d => d.Severity == ImportSeverity.Warning && d.Message.Contains("left out", StringComparison.Ordinal)))
            {
                throw SpecReader.Fail(_file, "/paths", "no operation matches the include globs " + string.Join(", ", _options.Include.Select(g => "'" + g + "'")));
            }

            _schemas.Flush();
            foreach (string schemaName in _schemas.Schemas.Select(p => p.Key))
            {
                Sources["schema:" + schemaName] = (_swagger2 ? "/definitions/" : "/components/schemas/") + SpecReader.Escape(schemaName);
            }

            Sources["root:description"] = "/info/title";
            OperationCount = operations.Count;
            api["jsonNaming"] = Naming.ChooseJsonNaming(_schemas.PropertyNames);
            root["operations"] = operations;
            root["schemas"] = _schemas.Schemas;
            return root;
        }

        // ---- auth and api ----

        private JsonObject Auth()
        {
            IDictionary<string, OpenApiSecurityScheme> schemes = _document.Components?.SecuritySchemes ?? new Dictionary<string, OpenApiSecurityScheme>();
            string pointer = _swagger2 ? "/securityDefinitions" : "/components/securitySchemes";
            foreach ((string name, OpenApiSecurityScheme scheme) in schemes)
            {
                if (scheme.Type != OpenApiSecuritySchemeType.OAuth2)
                {
                    continue;
                }

                OpenApiOAuthFlow? flow = scheme.Flows?.AuthorizationCode;
                string? authorizationUrl = flow?.AuthorizationUrl ?? (scheme.Flow == OpenApiOAuth2Flow.AccessCode ? scheme.AuthorizationUrl : null);
                string? tokenUrl = flow?.TokenUrl ?? (scheme.Flow == OpenApiOAuth2Flow.AccessCode ? scheme.TokenUrl : null);
                if (IsHttpUrl(authorizationUrl) && IsHttpUrl(tokenUrl))
                {
                    _oauthScheme = name;
                    return new JsonObject { ["kind"] = "oauth2", ["authorizationUrl"] = authorizationUrl, ["tokenUrl"] = tokenUrl };
                }
            }

            foreach ((string name, OpenApiSecurityScheme scheme) in schemes)
            {
                if (scheme.Type == OpenApiSecuritySchemeType.OAuth2)
                {
                    _oauthScheme ??= name;
                }

                if (scheme.Type == OpenApiSecuritySchemeType.Http && string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase))
                {
                    return new JsonObject { ["kind"] = "bearer" };
                }
            }

            foreach ((string name, OpenApiSecurityScheme scheme) in schemes)
            {
                if (scheme.Type == OpenApiSecuritySchemeType.ApiKey && scheme.In is OpenApiSecurityApiKeyLocation.Header or OpenApiSecurityApiKeyLocation.Query && !string.IsNullOrWhiteSpace(scheme.Name))
                {
                    string location = scheme.In == OpenApiSecurityApiKeyLocation.Header ? "header" : "query";
                    _apiKey = (location, scheme.Name);
                    return new JsonObject { ["kind"] = "apiKey", ["token"] = new JsonObject { ["in"] = location, ["name"] = scheme.Name } };
                }

                if ((scheme.Type == OpenApiSecuritySchemeType.Basic) || (scheme.Type == OpenApiSecuritySchemeType.Http && string.Equals(scheme.Scheme, "basic", StringComparison.OrdinalIgnoreCase)))
                {
                    return new JsonObject { ["kind"] = "basic" };
                }
            }

            Warn(pointer, schemes.Count == 0
                ? "the document declares no security scheme; auth is set to a bearer token (edit 'auth' for OAuth 2.0)"
                : "no OAuth 2.0 authorization-code flow with both URLs, bearer, API key or basic scheme; auth is set to a bearer token (edit 'auth' for OAuth 2.0)");
            return new JsonObject { ["kind"] = "bearer" };
        }

        private JsonObject Api()
        {
            string? baseUrl = _document.BaseUrl;
            OpenApiServer? server = _document.Servers?.FirstOrDefault();
            if (server is not null && server.Url is not null && server.Url.Contains('{', StringComparison.Ordinal))
            {
                baseUrl = server.Url;
                foreach ((string variable, OpenApiServerVariable value) in server.Variables)
                {
                    baseUrl = baseUrl.Replace("{" + variable + "}", value.Default ?? string.Empty, StringComparison.Ordinal);
                }
            }

            if (!IsHttpUrl(baseUrl))
            {
                throw SpecReader.Fail(_file, _swagger2 ? "/host" : "/servers", $"no absolute http(s) base URL ('{baseUrl}'): the document must name its server (servers[0].url, or host and basePath)");
            }

            if (!baseUrl!.EndsWith('/'))
            {
                baseUrl += "/";
            }

            var uri = new Uri(baseUrl);
            return new JsonObject
            {
                ["baseUrl"] = baseUrl,
                ["allowedHosts"] = new JsonArray(uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port),
            };
        }

        // ---- operations ----

        private static string OperationId(OpenApiOperation operation, string path, string method)
        {
            string relative = path.Trim('/');
            if (string.IsNullOrWhiteSpace(operation.OperationId))
            {
                var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('{', '}')).ToList();
                string group = segments.FirstOrDefault(s => !VersionSegment().IsMatch(s)) ?? "default";
                return group + "/" + method.ToLowerInvariant() + (segments.Count > 0 ? "-" + string.Join("-", segments) : string.Empty);
            }

            // Slack-style ids: operationId chat_postMessage for the path /chat.postMessage keeps the provider's own name.
            string id = operation.OperationId.Trim();
            if (relative.Length > 0 && !relative.Contains('/') && relative.Contains('.') && relative.Replace('.', '_') == id)
            {
                return relative;
            }

            return id;
        }

        [GeneratedRegex("^v[0-9]+(\\.[0-9]+)?$")]
        private static partial Regex VersionSegment();

        private JsonObject? Operation(OpenApiOperation operation, string id, string path, string method, string pointer, Dictionary<string, HashSet<string>> methodNames)
        {
            var result = new JsonObject { ["id"] = id };
            (string groupPascal, string? group) = Group(operation, id, path);
            string methodPascal = MethodPascal(id);
            HashSet<string> taken = methodNames.TryGetValue(groupPascal, out HashSet<string>? set) ? set : methodNames[groupPascal] = new HashSet<string>(StringComparer.Ordinal);
            string? explicitName = null;
            if (!taken.Add(methodPascal))
            {
                int i = 2;
                while (!taken.Add(methodPascal + i))
                {
                    i++;
                }

                explicitName = methodPascal + i;
                Warn(pointer + "/operationId", $"'{id}' maps to the same C# method as another operation ({groupPascal}.{methodPascal}); it is named {explicitName}");
            }

            result["method"] = method;
            result["path"] = path.TrimStart('/');
            if (!string.IsNullOrWhiteSpace(operation.Summary))
            {
                result["summary"] = operation.Summary.Trim();
            }

            if (!string.IsNullOrWhiteSpace(operation.Description) && operation.Description.Trim() != operation.Summary?.Trim())
            {
                result["description"] = operation.Description.Trim();
            }

            if (IsHttpUrl(operation.ExternalDocumentation?.Url))
            {
                result["docsUrl"] = operation.ExternalDocumentation!.Url;
            }

            if (Scopes(operation) is JsonArray scopes)
            {
                result["scopes"] = scopes;
            }

            string hint = groupPascal + (explicitName ?? methodPascal);
            JsonArray? parameters = Parameters(operation, path, pointer, hint);
            if (parameters is null)
            {
                return null;
            }

            if (parameters.Count > 0)
            {
                result["parameters"] = parameters;
            }

            if (!Body(operation, pointer, hint, result))
            {
                return null;
            }

            if (Response(operation, pointer, hint) is JsonObject response)
            {
                result["response"] = response;
            }

            if (group is not null)
            {
                result["group"] = group;
            }

            if (explicitName is not null)
            {
                result["name"] = explicitName;
            }

            return result;
        }

        /// <summary>The generator's group for the id; for an id without '.' or '/', the first tag or the first path segment.</summary>
        private static (string Pascal, string? Explicit) Group(OpenApiOperation operation, string id, string path)
        {
            string[] segments = id.Split(['.', '/'], StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length > 1)
            {
                return (Naming.ToPascal(segments[0]), null);
            }

            string? group = operation.Tags?.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
            group ??= path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(s => !VersionSegment().IsMatch(s) && !s.StartsWith('{'));
            return group is null ? ("Default", null) : (Naming.ToPascal(group), group);
        }

        private static string MethodPascal(string id)
        {
            string[] segments = id.Split(['.', '/'], StringSplitOptions.RemoveEmptyEntries);
            string rest = segments.Length > 1 ? string.Join(" ", segments, 1, segments.Length - 1) : segments.Length == 1 ? segments[0] : string.Empty;
            return Naming.ToPascal(rest);
        }

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

        private static bool IsJson(string contentType)
        {
            string media = contentType.Split(';')[0].Trim().ToLowerInvariant();
            return media is "application/json" or "*/*" or "text/json" || media.EndsWith("+json", StringComparison.Ordinal);
        }

        private bool Body(OpenApiOperation operation, string pointer, string hint, JsonObject result)
        {
            if (_swagger2)
            {
                return Swagger2Body(operation, pointer, hint, result);
            }

            OpenApiRequestBody? body = operation.ActualRequestBody;
            if (body is null || body.Content.Count == 0)
            {
                return true;
            }

            string at = pointer + "/requestBody/content/";
            string? json = body.Content.Keys.FirstOrDefault(IsJson);
            string? form = body.Content.Keys.FirstOrDefault(k => MediaType(k) == "application/x-www-form-urlencoded");
            string? multipart = body.Content.Keys.FirstOrDefault(k => MediaType(k) == "multipart/form-data");

            // "*/*" with a string schema is raw bytes (GitHub's release asset upload), not a JSON string.
            string? anyBytes = null;
            if (json is not null && MediaType(json) == "*/*" && body.Content[json].Schema?.ActualSchema is { } anySchema
                && (anySchema.Type & ~JsonObjectType.Null) is JsonObjectType.String or JsonObjectType.File)
            {
                (anyBytes, json) = (json, null);
            }

            // JSON, then form, then multipart; otherwise a raw body of the first media type the document lists.
            string chosen = json ?? form ?? multipart ?? anyBytes ?? body.Content.Keys.First();
            string? contentType = json is not null ? "application/json"
                : form is not null ? "application/x-www-form-urlencoded"
                : chosen == anyBytes ? "application/octet-stream"
                : MediaType(chosen);
            if (contentType is null)
            {
                Warn(pointer + "/requestBody", $"the request body is '{chosen}', which is not a media type (type/subtype); this operation is left out");
                return false;
            }

            JsonSchema? schema = body.Content[chosen].Schema;
            var converted = new JsonObject { ["contentType"] = contentType };
            if (body.IsRequired)
            {
                converted["required"] = true;
            }

            if (json is not null || form is not null || multipart is not null)
            {
                JsonObject convertedSchema = schema is null ? new JsonObject() : _schemas.Convert(schema, at + SpecReader.Escape(chosen) + "/schema", hint + "Body");
                if (chosen == multipart && !convertedSchema.ContainsKey("properties") && !convertedSchema.ContainsKey("$ref"))
                {
                    Warn(pointer + "/requestBody", "the multipart/form-data body is not an object (its properties are the parts); this operation is left out");
                    return false;
                }

                converted["schema"] = convertedSchema;
            }
            else
            {
                // A raw body: no schema (the caller passes the bytes with their media type, so every listed type works);
                // the description keeps what the schema said and the other media types.
                string? text = !string.IsNullOrWhiteSpace(body.Description) ? body.Description.Trim() : schema?.Description?.Trim();
                string? types = body.Content.Count > 1
                    ? "Media types: " + string.Join(", ", body.Content.Keys.Select(MediaType).Where(m => m is not null).Distinct()) + "."
                    : null;
                string description = string.Join(" ", new[] { text, types }.Where(t => !string.IsNullOrEmpty(t)));
                if (description.Length > 0)
                {
                    converted["description"] = description;
                }
            }

            if (!converted.ContainsKey("description") && !string.IsNullOrWhiteSpace(body.Description))
            {
                converted["description"] = body.Description.Trim();
            }

            result["requestBody"] = converted;
            return true;
        }

        /// <summary>A media type as the description writes it: <c>type/subtype</c>, lower-case, without parameters; null when it is not one.</summary>
        private static string? MediaType(string contentType)
        {
            string media = contentType.Split(';')[0].Trim().ToLowerInvariant();
            int slash = media.IndexOf('/');
            return slash > 0 && slash < media.Length - 1 && media.IndexOf('/', slash + 1) < 0 && media.All(c => c > ' ' && c < 0x7F && c != ',' && c != '"')
                ? media
                : null;
        }

        /// <summary>
        /// Whether an array query parameter repeats its name per value: OpenAPI 3's default (style form, explode true) and
        /// Swagger 2's <c>collectionFormat: multi</c>; Swagger 2's default <c>csv</c> and <c>explode: false</c> join with commas.
        /// </summary>
        private bool Exploded(OpenApiParameter parameter, string at)
        {
            if (parameter.CollectionFormat == OpenApiParameterCollectionFormat.Multi)
            {
                return true;
            }

            if (parameter.CollectionFormat is OpenApiParameterCollectionFormat.Ssv or OpenApiParameterCollectionFormat.Tsv or OpenApiParameterCollectionFormat.Pipes
                || parameter.Style is OpenApiParameterStyle.SpaceDelimeted or OpenApiParameterStyle.PipeDelimited)
            {
                Warn(at, $"the array parameter '{parameter.Name}' is space-, tab- or pipe-delimited, which the format cannot express; it is sent comma-separated");
                return false;
            }

            // Swagger 2 without multi: csv, its default. OpenAPI 3: explode unless it says otherwise.
            return !_swagger2 && parameter.Explode != false;
        }

        private bool Swagger2Body(OpenApiOperation operation, string pointer, string hint, JsonObject result)
        {
            var parameters = operation.ActualParameters.Select(p => p.ActualParameter).ToList();
            OpenApiParameter? bodyParameter = parameters.FirstOrDefault(p => p.Kind == OpenApiParameterKind.Body);
            if (bodyParameter is not null)
            {
                int index = parameters.IndexOf(bodyParameter);
                var converted = new JsonObject { ["contentType"] = "application/json" };
                if (bodyParameter.IsRequired)
                {
                    converted["required"] = true;
                }

                converted["schema"] = bodyParameter.Schema is null ? new JsonObject() : _schemas.Convert(bodyParameter.Schema, pointer + "/parameters/" + index + "/schema", hint + "Body");
                if (!string.IsNullOrWhiteSpace(bodyParameter.Description))
                {
                    converted["description"] = bodyParameter.Description.Trim();
                }

                result["requestBody"] = converted;
                return true;
            }

            var fields = parameters.Where(p => p.Kind == OpenApiParameterKind.FormData && !IsCredential(p)).ToList();
            if (fields.Count == 0)
            {
                return true;
            }

            ICollection<string> consumes = operation.ActualConsumes ?? [];
            bool hasFile = fields.Any(f => f.Type.HasFlag(JsonObjectType.File));
            bool urlEncoded = consumes.Count == 0 || consumes.Any(c => c.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
            // A file field, or a form that is only multipart/form-data: a multipart body (file fields are format: binary).
            bool isMultipart = hasFile || !urlEncoded;

            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (OpenApiParameter field in fields)
            {
                if (properties.ContainsKey(field.Name))
                {
                    continue;
                }

                int index = parameters.IndexOf(field);
                JsonObject schema = _schemas.Convert(field, pointer + "/parameters/" + index, hint + Naming.ToPascal(field.Name));
                _schemas.PropertyNames.Add(field.Name);
                properties[field.Name] = schema;
                if (field.IsRequired)
                {
                    required.Add(field.Name);
                }
            }

            var objectSchema = new JsonObject { ["type"] = "object" };
            if (required.Count > 0)
            {
                objectSchema["required"] = required;
            }

            objectSchema["properties"] = properties;
            result["requestBody"] = new JsonObject
            {
                ["contentType"] = isMultipart ? "multipart/form-data" : "application/x-www-form-urlencoded",
                ["required"] = required.Count > 0,
                ["schema"] = objectSchema,
            };
            return true;
        }

        private JsonObject? Response(OpenApiOperation operation, string pointer, string hint)
        {
            var successes = operation.ActualResponses
                .Where(r => r.Key.Length == 3 && r.Key[0] == '2' && int.TryParse(r.Key, out _))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            if (successes.Count == 0)
            {
                return null;
            }

            // The first success with a body, else the first success.
            KeyValuePair<string, OpenApiResponse> chosen = successes.FirstOrDefault(r => HasBody(r.Value.ActualResponse), successes[0]);
            OpenApiResponse response = chosen.Value.ActualResponse;
            int status = int.Parse(chosen.Key, System.Globalization.CultureInfo.InvariantCulture);
            var result = new JsonObject();
            if (status != 200)
            {
                result["status"] = status;
            }

            string at = pointer + "/responses/" + chosen.Key;
            JsonSchema? schema = null;
            if (_swagger2)
            {
                schema = response.Schema;
                at += "/schema";
                ICollection<string> produces = operation.ActualProduces ?? [];
                if (schema is not null && produces.Count > 0 && !produces.Any(IsJson) && MediaType(produces.First()) is string produced)
                {
                    // Produces only non-JSON: the method returns the text or the bytes.
                    result["contentType"] = produced;
                    schema = null;
                }
            }
            else if (response.Content.Count > 0)
            {
                string? json = response.Content.Keys.FirstOrDefault(IsJson);
                string? other = response.Content.Keys.Select(MediaType).FirstOrDefault(m => m is not null);
                if (json is null && other is not null)
                {
                    // Not JSON: the method returns the text (text/*, XML, YAML) or the bytes (anything else).
                    result["contentType"] = other;
                }
                else if (json is null)
                {
                    Warn(at + "/content", $"the response is {string.Join(" or ", response.Content.Keys)}, not JSON nor a media type; the method returns no content (use the untyped Request for the body)");
                }
                else
                {
                    schema = response.Content[json].Schema;
                    at += "/content/" + SpecReader.Escape(json) + "/schema";
                }
            }

            if (schema is not null)
            {
                result["schema"] = _schemas.Convert(schema, at, hint + "Response");
            }

            if (!string.IsNullOrWhiteSpace(response.Description))
            {
                result["description"] = response.Description.Trim();
            }

            return result.Count == 0 ? null : result;
        }

        private bool HasBody(OpenApiResponse response) => _swagger2 ? response.Schema is not null : response.Content.Count > 0;

        private static bool IsHttpUrl(string? value)
            => value is not null && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http");
    }
}
