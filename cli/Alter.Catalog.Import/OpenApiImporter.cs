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

            // What the document itself gave (before the base's operations are added), recorded with its source.
            int imported = count;
            if (baseRoot is not null)
            {
                // The base's auth is kept: what the import guessed about auth does not apply.
                diagnostics.RemoveAll(d => d.Severity == ImportSeverity.Warning && d.File == file && d.Message.Contains("; auth is set to", StringComparison.Ordinal));
                description = BaseDescription.Widen(baseRoot, Path.GetFullPath(options.Base!), description, options.Name, file, diagnostics, options.BaseIsDefault);
                count = ((JsonArray)description["operations"]!).Count;
            }

            if (options.Source is { } source)
            {
                BaseDescription.SetSource(description, source, imported);
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
        private readonly DescriptionWriter _writer;
        private readonly SchemaConverter _schemas;
        private readonly bool _swagger2;
        private string? _oauthScheme;
        private (string In, string Name)? _apiKey;

        public Run(OpenApiDocument document, string file, ImportOptions options, List<ImportDiagnostic> diagnostics)
        {
            _document = document;
            _file = file;
            _options = options;
            _swagger2 = document.SchemaType == SchemaType.Swagger2;
            _writer = new DescriptionWriter(file, options, diagnostics);
            _schemas = new SchemaConverter(document.Definitions, _swagger2 ? "/definitions" : "/components/schemas", Warn);
        }

        public int OperationCount { get; private set; }

        /// <summary>Source JSON pointers of what was imported (operations by id, <c>schema:&lt;name&gt;</c>, <c>root:description</c>), for the text-safety warnings.</summary>
        public Dictionary<string, string> Sources => _writer.Sources;

        private void Warn(string pointer, string message) => _writer.Warn(pointer, message);

        public JsonObject Build()
        {
            JsonObject root = _writer.Root(_document.Info?.Title, _document.ExternalDocumentation?.Url);
            root["auth"] = Auth();
            JsonObject api = Api();
            root["api"] = api;

            foreach (string path in _document.Paths.Keys)
            {
                OpenApiPathItem item = _document.Paths[path];
                foreach ((string method, OpenApiOperation operation) in item)
                {
                    string httpMethod = method.ToUpperInvariant();
                    if (Array.IndexOf(DescriptionWriter.HttpMethods, httpMethod) < 0)
                    {
                        continue;
                    }

                    string pointer = "/paths/" + SpecReader.Escape(path) + "/" + method.ToLowerInvariant();
                    string id = OperationId(operation, path, httpMethod);
                    if (_writer.Admits(id, path, pointer + "/operationId", "operation id") && Operation(operation, id, path, httpMethod, pointer) is { } converted)
                    {
                        _writer.Add(id, pointer, converted);
                    }
                }
            }

            _schemas.Flush();
            _writer.Finish(root, api, _schemas.Schemas, _schemas.PropertyNames, _swagger2 ? "/definitions" : "/components/schemas", "/paths");
            Sources["root:description"] = "/info/title";
            OperationCount = _writer.Operations.Count;
            return root;
        }

        // ---- auth and api ----

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

        private JsonObject? Operation(OpenApiOperation operation, string id, string path, string method, string pointer)
        {
            var result = new JsonObject { ["id"] = id };
            (string groupPascal, string? group) = Group(operation, id, path);
            string methodPascal = MethodPascal(id);
            string? explicitName = _writer.TakeMethodName(groupPascal, methodPascal, id, pointer + "/operationId") is int n ? methodPascal + n : null;

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

            if (operation.ActualResponses.Any(r => r.Key.StartsWith('2') && r.Value.ActualResponse.Headers.Keys.Any(h => h.Equals("Link", StringComparison.OrdinalIgnoreCase))))
            {
                _writer.DeclaresLinkHeader(id); // GitHub's and GitLab's lists: their pages are linked
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

        private static bool IsHttpUrl(string? value) => DescriptionWriter.IsHttpUrl(value);
    }
}
