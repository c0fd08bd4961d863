using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alter.Catalog.Import;

/// <summary>
/// <c>--base</c>: widens an existing provider description (a curated catalog entry) with imported operations. The output
/// is the base as it is (auth, api, errors, notes, its operations and schemas) plus the imported operations and the
/// schemas they reach.
/// </summary>
internal static class BaseDescription
{
    private const string SchemaRef = "#/schemas/";

    /// <summary>Reads and checks the base description; throws <see cref="ImportFailedException"/> when it is unusable.</summary>
    public static JsonObject Read(string path, string id)
    {
        string file = Path.GetFullPath(path);
        if (!File.Exists(file))
        {
            throw SpecReader.Fail(file, "", "the base description does not exist");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            string message = ex.Message;
            int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            throw new ImportFailedException(new ImportDiagnostic(
                ImportSeverity.Error, file, "", "the base description is not JSON: " + message, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1));
        }

        if (node is not JsonObject root)
        {
            throw SpecReader.Fail(file, "", "the base description must be a JSON object (a provider description)");
        }

        if (root["id"] is not JsonValue idValue || !idValue.TryGetValue(out string? baseId))
        {
            throw SpecReader.Fail(file, "/id", "the base description has no string 'id'");
        }

        if (baseId != id)
        {
            throw SpecReader.Fail(file, "/id", $"the base description is '{baseId}', not '{id}': --id must be the base's id");
        }

        if (root["operations"] is not (null or JsonArray))
        {
            throw SpecReader.Fail(file, "/operations", "'operations' must be an array");
        }

        if (root["schemas"] is not (null or JsonObject))
        {
            throw SpecReader.Fail(file, "/schemas", "'schemas' must be an object");
        }

        return root;
    }

    /// <summary>
    /// The base with the imported operations added (one with a base operation's id is left out: the base's stays) and the schemas they
    /// reach; an imported schema whose name the base uses for different content is renamed (<c>Issue2</c>).
    /// </summary>
    public static JsonObject Widen(JsonObject baseRoot, string baseFile, JsonObject imported, string? name, string specFile, List<ImportDiagnostic> diagnostics, bool baseIsDefault = false)
    {
        var result = (JsonObject)baseRoot.DeepClone();
        SetDefaultOperations(result, baseIsDefault);
        if (name is not null)
        {
            result["name"] = name;
        }

        JsonObject baseSchemas = result["schemas"] as JsonObject ?? [];
        JsonObject importedSchemas = imported["schemas"] as JsonObject ?? [];
        Dictionary<string, string> renamed = RenameClashingSchemas(baseSchemas, importedSchemas);
        foreach ((string old, string renamedTo) in renamed)
        {
            diagnostics.Add(new ImportDiagnostic(ImportSeverity.Warning, specFile, "/schemas/" + SpecReader.Escape(old),
                $"the base description has a different schema '{old}'; the imported one is named '{renamedTo}'"));
        }

        // Schemas: the base's, then the imported ones it does not already have (same name, same content).
        var schemas = new JsonObject();
        foreach ((string key, JsonNode? value) in baseSchemas)
        {
            schemas[key] = value?.DeepClone();
        }

        foreach ((string key, JsonNode? value) in importedSchemas)
        {
            string target = renamed.GetValueOrDefault(key, key);
            if (!schemas.ContainsKey(target))
            {
                schemas[target] = Rewrite(value!, renamed);
            }
        }

        // Operations: the base's in their order, then the imported ones it does not have.
        JsonArray operations = result["operations"] as JsonArray ?? [];
        var taken = new HashSet<(string Group, string Method)>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < operations.Count; i++)
        {
            if (operations[i]?["id"] is JsonValue v && v.TryGetValue(out string? baseId))
            {
                byId.TryAdd(baseId, i);
            }
        }

        var added = new List<JsonObject>();
        Func<string, string?> rebase = Rebase(result, imported, specFile, diagnostics);
        foreach (JsonObject operation in (imported["operations"] as JsonArray ?? []).Cast<JsonObject>())
        {
            var copy = (JsonObject)Rewrite(operation, renamed);
            string id = copy["id"]!.GetValue<string>();
            if (copy["path"] is JsonValue pathValue && pathValue.TryGetValue(out string? path))
            {
                if (rebase(path) is not { } rebased)
                {
                    diagnostics.Add(new ImportDiagnostic(ImportSeverity.Warning, specFile, "",
                        $"'{id}' ({path}) is outside the base description's api.baseUrl; this operation is left out"));
                    continue;
                }

                copy["path"] = rebased;
            }

            if (byId.TryGetValue(id, out int index))
            {
                // Widening never loses curation: the base's entry (scopes, summaries, fixes such as a required
                // parameter its spec leaves optional) stays, and the spec's version of it is left out.
                diagnostics.Add(new ImportDiagnostic(ImportSeverity.Warning, baseFile, "/operations/" + index,
                    $"the base description already has '{id}'; its curated entry is kept and the imported one left out"));
            }
            else
            {
                added.Add(copy);
            }
        }

        foreach (JsonNode? operation in operations)
        {
            taken.Add(CSharpName((JsonObject)operation!));
        }

        foreach (JsonObject operation in added)
        {
            // The importer already kept imported names apart; a clash with a base operation gets a numbered name.
            (string group, string method) = CSharpName(operation);
            if (!taken.Add((group, method)))
            {
                int i = 2;
                while (!taken.Add((group, method + i)))
                {
                    i++;
                }

                operation["name"] = method + i;
                diagnostics.Add(new ImportDiagnostic(ImportSeverity.Warning, specFile, "",
                    $"'{operation["id"]}' maps to the same C# method as an operation of the base description ({group}.{method}); it is named {method + i}"));
            }

            operations.Add(operation);
        }

        result["operations"] = operations;
        result["schemas"] = schemas;
        return result;
    }

    /// <summary>
    /// Imported paths are relative to the document's server; the base's <c>api.baseUrl</c> may hold more of the path
    /// (Notion: the document's server is <c>https://api.notion.com</c> with paths <c>v1/users</c>, the catalog's base URL
    /// <c>https://api.notion.com/v1/</c>). Returns the path relative to the base's URL, or null when it falls outside it.
    /// </summary>
    private static Func<string, string?> Rebase(JsonObject result, JsonObject imported, string specFile, List<ImportDiagnostic> diagnostics)
    {
        string? baseUrl = (result["api"] as JsonObject)?["baseUrl"] is JsonValue b && b.TryGetValue(out string? bu) ? bu : null;
        string? importedUrl = (imported["api"] as JsonObject)?["baseUrl"] is JsonValue i && i.TryGetValue(out string? iu) ? iu : null;
        if (baseUrl is null || importedUrl is null || baseUrl == importedUrl)
        {
            return path => path;
        }

        if (baseUrl.StartsWith(importedUrl, StringComparison.Ordinal))
        {
            string prefix = baseUrl[importedUrl.Length..];
            return path => path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
        }

        if (importedUrl.StartsWith(baseUrl, StringComparison.Ordinal))
        {
            string prefix = importedUrl[baseUrl.Length..];
            return path => prefix + path;
        }

        diagnostics.Add(new ImportDiagnostic(ImportSeverity.Warning, specFile, "/api/baseUrl",
            $"the document's base URL '{importedUrl}' is not the base description's '{baseUrl}' nor a part of it; imported paths are kept as they are"));
        return path => path;
    }

    /// <summary>
    /// <c>defaultOperations</c>: with <paramref name="baseIsDefault"/>, the base's own list, else the ids of its operations
    /// (the curated set stays what a consumer gets by default); without it, none (your widened file is generated whole).
    /// </summary>
    private static void SetDefaultOperations(JsonObject result, bool baseIsDefault)
    {
        JsonNode? existing = result["defaultOperations"];
        result.Remove("defaultOperations");
        if (!baseIsDefault)
        {
            return;
        }

        JsonNode list = existing?.DeepClone() ?? new JsonArray((result["operations"] as JsonArray ?? [])
            .Select(operation => (JsonNode?)JsonValue.Create(operation?["id"]?.GetValue<string>()))
            .Where(id => id is not null)
            .ToArray());
        Insert(result, "defaultOperations", list);
    }

    /// <summary>Writes the description's <c>source</c> (where the imported document came from, and how many operations it gave), after <c>docsUrl</c>.</summary>
    public static void SetSource(JsonObject description, ImportSource source, int operations)
    {
        var node = new JsonObject
        {
            ["url"] = source.Url,
            ["version"] = source.Version,
            ["date"] = source.Date,
            ["operations"] = operations,
        };
        if (source.License is not null)
        {
            node["license"] = source.License;
        }

        description.Remove("source");
        Insert(description, "source", node);
    }

    /// <summary>Adds a root field right after <c>docsUrl</c> (else <c>description</c>, else at the end), where a reader looks for it.</summary>
    private static void Insert(JsonObject root, string key, JsonNode value)
    {
        int index = root.IndexOf("docsUrl");
        index = index >= 0 ? index : root.IndexOf("description");
        if (index < 0)
        {
            root[key] = value;
            return;
        }

        int after = index + 1;
        if (key == "defaultOperations" && root.IndexOf("source") is int source and >= 0)
        {
            after = source + 1;
        }

        root.Insert(after, key, value);
    }

    /// <summary>The generator's group and method for an operation (DescriptionParser: group, else the id's first segment, else Default).</summary>
    private static (string Group, string Method) CSharpName(JsonObject operation)
    {
        string id = operation["id"]?.GetValue<string>() ?? string.Empty;
        string? group = operation["group"]?.GetValue<string>();
        string? name = operation["name"]?.GetValue<string>();
        string[] segments = id.Split(['.', '/'], StringSplitOptions.RemoveEmptyEntries);
        string rest = segments.Length > 1 ? string.Join(" ", segments, 1, segments.Length - 1) : segments.Length == 1 ? segments[0] : string.Empty;
        string groupPascal = group is not null ? Naming.ToPascal(group) : segments.Length > 1 ? Naming.ToPascal(segments[0]) : "Default";
        return (groupPascal, Naming.ToPascal(name ?? rest));
    }

    /// <summary>
    /// Imported schema names the base uses for other content, with their new names. Renaming one changes the
    /// references to it, which can make another schema differ: repeated until nothing changes.
    /// </summary>
    private static Dictionary<string, string> RenameClashingSchemas(JsonObject baseSchemas, JsonObject importedSchemas)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(baseSchemas.Select(p => p.Key).Concat(importedSchemas.Select(p => p.Key)), StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach ((string key, JsonNode? value) in importedSchemas)
            {
                if (renamed.ContainsKey(key) || !baseSchemas.TryGetPropertyValue(key, out JsonNode? existing)
                    || JsonNode.DeepEquals(Rewrite(value!, renamed), existing))
                {
                    continue;
                }

                int i = 2;
                while (!used.Add(key + i))
                {
                    i++;
                }

                renamed[key] = key + i;
                changed = true;
            }
        }

        return renamed;
    }

    /// <summary>A copy of <paramref name="node"/> whose <c>$ref</c>s to renamed schemas name the new ones.</summary>
    private static JsonNode Rewrite(JsonNode node, Dictionary<string, string> renamed)
    {
        JsonNode copy = node.DeepClone();
        if (renamed.Count > 0)
        {
            var byRef = renamed.ToDictionary(p => SchemaRef + SpecReader.Escape(p.Key), p => SchemaRef + SpecReader.Escape(p.Value), StringComparer.Ordinal);
            RewriteRefs(copy, byRef);
        }

        return copy;
    }

    private static void RewriteRefs(JsonNode? node, Dictionary<string, string> byRef)
    {
        if (node is JsonObject obj)
        {
            if (obj["$ref"] is JsonValue value && value.TryGetValue(out string? target) && byRef.TryGetValue(target, out string? renamedTo))
            {
                obj["$ref"] = renamedTo;
            }

            foreach ((string _, JsonNode? child) in obj.ToList())
            {
                RewriteRefs(child, byRef);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode? child in array)
            {
                RewriteRefs(child, byRef);
            }
        }
    }
}
