using System.Text.Json.Nodes;

namespace Alter.Catalog.Import;

/// <summary>
/// The one writer of a format-v1 description, whichever reader feeds it (OpenAPI through NSwag, Google Discovery): the
/// root's fields, which operations are taken (the include globs, one per id), C# method names that would collide,
/// warnings said once, where each written thing came from (for <see cref="ImportTextSafety"/>'s warnings), and the
/// finishing fields (schemas, JSON naming). A reader converts; this decides what is written and how it is said.
/// </summary>
internal sealed class DescriptionWriter(string file, ImportOptions options, List<ImportDiagnostic> diagnostics)
{
    /// <summary>The HTTP methods an operation may use.</summary>
    public static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _methodNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Group, string Method)> _csharpNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _linkHeaders = new(StringComparer.Ordinal);

    /// <summary>The operations written, in order.</summary>
    public JsonArray Operations { get; } = [];

    /// <summary>Source JSON pointers of what was written (operations by id, <c>schema:&lt;name&gt;</c>, <c>root:description</c>).</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>A warning, said once (a named schema inlined at several places is converted, and found wanting, once per use).</summary>
    public void Warn(string pointer, string message)
    {
        var diagnostic = new ImportDiagnostic(ImportSeverity.Warning, file, pointer, message);
        if (!diagnostics.Contains(diagnostic))
        {
            diagnostics.Add(diagnostic);
        }
    }

    /// <summary>An error that stops the import, at <paramref name="pointer"/> of the document.</summary>
    public ImportFailedException Fail(string pointer, string message) => SpecReader.Fail(file, pointer, message);

    /// <summary>Whether <paramref name="value"/> is an absolute http(s) URL (the only links a description keeps).</summary>
    public static bool IsHttpUrl(string? value)
        => value is not null && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http");

    /// <summary>The root's first fields: schema, format version, id, name, and the document's description and link when there are.</summary>
    public JsonObject Root(string? description, string? docsUrl)
    {
        var root = new JsonObject
        {
            ["$schema"] = "../provider.schema.json",
            ["formatVersion"] = 1,
            ["id"] = options.Id,
            ["name"] = options.Name ?? Naming.ToPascal(options.Id),
        };
        if (!string.IsNullOrWhiteSpace(description))
        {
            root["description"] = description.Trim();
        }

        if (IsHttpUrl(docsUrl))
        {
            root["docsUrl"] = docsUrl;
        }

        return root;
    }

    /// <summary>
    /// Whether an operation is written: the include globs select it (by id or path), and its id is not taken yet (a second
    /// one is left out with a warning at <paramref name="idPointer"/>; <paramref name="idKind"/> names it as the format does).
    /// </summary>
    public bool Admits(string id, string path, string idPointer, string idKind)
    {
        if (!OperationGlob.Selects(options.Include, id, path))
        {
            return false;
        }

        if (!_ids.Add(id))
        {
            Warn(idPointer, $"the {idKind} '{id}' appears twice; this operation is left out");
            return false;
        }

        return true;
    }

    /// <summary>Writes a converted operation, found at <paramref name="pointer"/>.</summary>
    public void Add(string id, string pointer, JsonObject operation)
    {
        Sources[id] = pointer;
        Operations.Add(operation);
    }

    /// <summary>
    /// The C# method an operation gets in its group: <paramref name="methodPascal"/> when free, else the first free
    /// <c>methodPascal2</c>, <c>3</c>, ... with a warning. Returns the number added, or null.
    /// </summary>
    public int? TakeMethodName(string groupPascal, string methodPascal, string id, string pointer)
    {
        HashSet<string> taken = _methodNames.TryGetValue(groupPascal, out HashSet<string>? set) ? set : _methodNames[groupPascal] = new HashSet<string>(StringComparer.Ordinal);
        if (taken.Add(methodPascal))
        {
            _csharpNames[id] = (groupPascal, methodPascal);
            return null;
        }

        int i = 2;
        while (!taken.Add(methodPascal + i))
        {
            i++;
        }

        Warn(pointer, $"'{id}' maps to the same C# method as another operation ({groupPascal}.{methodPascal}); it is named {methodPascal + i}");
        _csharpNames[id] = (groupPascal, methodPascal + i);
        return i;
    }

    /// <summary>The operation's success answer declares a <c>Link</c> header (its pages are linked: <see cref="PaginationInference"/>).</summary>
    public void DeclaresLinkHeader(string id) => _linkHeaders.Add(id);

    /// <summary>
    /// Gives each written operation without a <c>pagination</c> the one its shape calls for (<see cref="PaginationInference"/>),
    /// unless its streamer's name (<c>&lt;Method&gt;All</c>) is another method's.
    /// </summary>
    private void InferPagination(JsonObject schemas)
    {
        foreach (JsonObject operation in Operations.OfType<JsonObject>())
        {
            string id = (string)operation["id"]!;
            if (operation.ContainsKey("pagination") || !_csharpNames.TryGetValue(id, out var name)
                || PaginationInference.Infer(operation, schemas, _linkHeaders.Contains(id)) is not { } pagination
                || !_methodNames[name.Group].Add(name.Method + "All"))
            {
                continue;
            }

            int at = operation.IndexOf("response");
            if (at < 0)
            {
                operation["pagination"] = pagination;
            }
            else
            {
                operation.Insert(at, "pagination", pagination);
            }
        }
    }

    /// <summary>
    /// Completes the root: an include that selected nothing is an error at <paramref name="includePointer"/>; then the
    /// operations, the named schemas (their sources under <paramref name="schemasPointer"/>) and the JSON naming the
    /// property names call for.
    /// </summary>
    public void Finish(JsonObject root, JsonObject api, JsonObject schemas, IEnumerable<string> propertyNames, string schemasPointer, string includePointer)
    {
        if (options.Include.Count > 0 && Operations.Count == 0
            && !diagnostics.Any(d => d.Severity == ImportSeverity.Warning && d.Message.Contains("left out", StringComparison.Ordinal)))
        {
            throw Fail(includePointer, "no operation matches the include globs " + string.Join(", ", options.Include.Select(g => "'" + g + "'")));
        }

        foreach (string schemaName in schemas.Select(p => p.Key))
        {
            Sources["schema:" + schemaName] = schemasPointer + "/" + SpecReader.Escape(schemaName);
        }

        InferPagination(schemas);
        api["jsonNaming"] = Naming.ChooseJsonNaming(propertyNames);
        root["operations"] = Operations;
        root["schemas"] = schemas;
    }
}
