using System.Text.Json.Nodes;

namespace Alter.Catalog.Import;

/// <summary>
/// Turns a description published as several files into one document, the way bundlers (Redocly, swagger-cli) do, before
/// NSwag reads it: every <c>$ref</c> to another file is resolved wherever it stands.
/// <list type="bullet">
/// <item>An object that a document names (a schema, a parameter, a response, a request body, a header, an example, a
/// security scheme, a link, a callback, by where the <c>$ref</c> stands) moves into the root's components under its
/// own name (the pointer's last token, or the file's name), once, and every <c>$ref</c> to it becomes local: recursive
/// schemas across files work, and a schema keeps its name in the generated code.</item>
/// <item>Anything else is copied in place: a path item, and a plain value such as a description text, including a
/// Markdown or text file referenced whole (<c>description: { $ref: ./intro.md }</c>, as Redocly allows).</item>
/// </list>
/// Errors name the file and the JSON pointer: a <c>$ref</c> chain that comes back to itself, a copy that would contain
/// itself, a document that expands past <see cref="MaxCopiedNodes"/> nodes. Which files may be read at all is
/// <see cref="SpecReader"/>'s check (only under the root document's folder).
/// </summary>
internal sealed class SpecBundler
{
    /// <summary>Nodes copied in place, at most: a few kilobytes of references must not expand into gigabytes.</summary>
    internal const int MaxCopiedNodes = 2_000_000;

    private static readonly string[] Kinds3 = ["schemas", "parameters", "responses", "requestBodies", "headers", "examples", "securitySchemes", "links", "callbacks"];

    private readonly string _rootFile;
    private readonly Func<string, string, (string File, string Pointer), JsonNode?> _resolve;
    private readonly JsonObject _root;
    private readonly bool _swagger;
    private readonly Dictionary<string, string> _moved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _copying = new(StringComparer.Ordinal);
    private int _copied;

    private SpecBundler(string rootFile, JsonObject root, Func<string, string, (string File, string Pointer), JsonNode?> resolve)
    {
        (_rootFile, _root, _resolve) = (rootFile, root, resolve);
        _swagger = root["swagger"] is not null;
    }

    /// <summary>
    /// The bundled document (a copy; <paramref name="root"/> is left as it is). <paramref name="resolve"/> returns the node
    /// at a file and pointer (a text file whole as a string), or throws naming the referencing file and pointer.
    /// </summary>
    public static JsonObject Bundle(string rootFile, JsonObject root, Func<string, string, (string File, string Pointer), JsonNode?> resolve)
    {
        var copy = (JsonObject)root.DeepClone();
        var bundler = new SpecBundler(rootFile, copy, resolve);
        bundler.ReserveEntries();
        foreach (string key in copy.Select(p => p.Key).ToList())
        {
            Replace(copy, key, bundler.Walk(copy[key], rootFile, "/" + SpecReader.Escape(key), [key]));
        }

        return copy;
    }

    /// <summary>
    /// The root's components entries that are references to other files keep their names: a reference to the same
    /// target from anywhere becomes a reference to that entry, walked before it or after.
    /// </summary>
    private void ReserveEntries()
    {
        foreach (string kind in _swagger ? ["schemas", "parameters", "responses"] : Kinds3)
        {
            JsonNode? parent = _root;
            foreach (string part in ComponentsPath(kind))
            {
                parent = parent?[part];
            }

            foreach (var (name, entry) in parent as JsonObject ?? [])
            {
                if (entry is JsonObject { Count: 1 } only && only["$ref"] is JsonValue v && v.TryGetValue(out string? reference)
                    && Split(_rootFile, reference) is var (file, fragment) && file != _rootFile)
                {
                    _moved.TryAdd(file + "#" + fragment, "#/" + string.Join("/", ComponentsPath(kind).Select(SpecReader.Escape)) + "/" + SpecReader.Escape(name));
                }
            }
        }
    }

    /// <summary>Rewrites <paramref name="node"/> (found in <paramref name="file"/> at <paramref name="pointer"/>; it stands at <paramref name="site"/> in the bundle).</summary>
    private JsonNode? Walk(JsonNode? node, string file, string pointer, List<string> site)
    {
        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue v && v.TryGetValue(out string? reference):
                return Reference(obj, reference, file, pointer, site);
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).ToList())
                {
                    Replace(obj, key, Walk(obj[key], file, pointer + "/" + SpecReader.Escape(key), [.. site, key]));
                }

                return obj;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    string index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (Walk(array[i], file, pointer + "/" + index, [.. site, index]) is var walked && !ReferenceEquals(walked, array[i]))
                    {
                        array[i] = walked;
                    }
                }

                return array;
            default:
                return node;
        }
    }

    private JsonNode? Reference(JsonObject refObject, string reference, string file, string pointer, List<string> site)
    {
        var (targetFile, fragment) = Split(file, reference);
        if (targetFile == _rootFile)
        {
            // Into the root document: a local reference, whatever file it was written in.
            refObject["$ref"] = "#" + fragment;
            return refObject;
        }

        // The root's own components entry that is a reference to another file: the target's content moves in there.
        string? kind = KindAt(site);
        bool atEntry = file == _rootFile && kind is not null && site.Count == ComponentsPath(kind).Length + 1
            && ComponentsPath(kind).SequenceEqual(site.Take(site.Count - 1));
        string key = targetFile + "#" + fragment;
        if (!atEntry && _moved.TryGetValue(key, out string? local))
        {
            refObject["$ref"] = local;
            return refObject;
        }

        JsonNode? target = Follow(targetFile, fragment, (file, pointer + "/$ref"), out targetFile, out fragment);
        key = targetFile + "#" + fragment;
        if (targetFile == _rootFile)
        {
            refObject["$ref"] = "#" + fragment;
            return refObject;
        }

        if (!atEntry && _moved.TryGetValue(key, out local))
        {
            refObject["$ref"] = local;
            return refObject;
        }

        if (target is JsonObject && kind is not null)
        {
            // Standing at the root's own components entry, the target takes that entry's name; elsewhere its own.
            string name = atEntry ? site[^1] : FreeName(kind, NameOf(targetFile, fragment));
            local = "#/" + string.Join("/", ComponentsPath(kind).Select(SpecReader.Escape)) + "/" + SpecReader.Escape(name);
            _moved[key] = local;
            JsonNode? moved = Walk(target.DeepClone(), targetFile, fragment, [.. ComponentsPath(kind), name]);
            if (atEntry)
            {
                return moved;
            }

            Components(kind)[name] = moved;
            refObject["$ref"] = local;
            return refObject;
        }

        // Copied in place (a path item, a description text, an unnamed object).
        if (!_copying.Add(key))
        {
            throw SpecReader.Fail(file, pointer, $"'{reference}' contains itself: a copy of {key} would never end (only schemas, parameters, responses and the other components may refer to themselves)");
        }

        try
        {
            JsonNode? copy = Walk(Count(target?.DeepClone(), file, pointer), targetFile, fragment, site);
            if (copy is JsonObject copied)
            {
                // OpenAPI 3.1 lets a reference carry its own summary and description: they win over the target's.
                foreach (var (name, value) in refObject.Where(p => p.Key != "$ref").ToList())
                {
                    copied[name] = value?.DeepClone();
                }
            }

            return copy;
        }
        finally
        {
            _copying.Remove(key);
        }
    }

    /// <summary>Puts a rewritten node in place (a node rewritten where it stands is already there).</summary>
    private static void Replace(JsonObject parent, string key, JsonNode? walked)
    {
        if (!ReferenceEquals(walked, parent[key]))
        {
            parent[key] = walked;
        }
    }

    /// <summary>Resolves a reference, and a reference that only refers on (<c>{ "$ref": ... }</c> alone), to the end of the chain.</summary>
    private JsonNode? Follow(string targetFile, string fragment, (string File, string Pointer) from, out string endFile, out string endFragment)
    {
        var seen = new List<string>();
        var origin = from; // a cycle is reported where the chain was entered
        while (true)
        {
            string key = targetFile + "#" + fragment;
            if (seen.Contains(key))
            {
                throw SpecReader.Fail(origin.File, origin.Pointer, "a cycle of $ref that never reaches a value: " + string.Join(" → ", seen.Append(key)));
            }

            seen.Add(key);
            JsonNode? target = _resolve(targetFile, fragment, from);
            if (target is JsonObject { Count: 1 } only && only["$ref"] is JsonValue v && v.TryGetValue(out string? next))
            {
                from = (targetFile, fragment + "/$ref");
                (targetFile, fragment) = Split(targetFile, next);
                continue;
            }

            (endFile, endFragment) = (targetFile, fragment);
            return target;
        }
    }

    private JsonNode? Count(JsonNode? node, string file, string pointer)
    {
        _copied += Size(node);
        if (_copied > MaxCopiedNodes)
        {
            throw SpecReader.Fail(file, pointer, $"the references expand the document past {MaxCopiedNodes:N0} copied nodes: a document built to exhaust memory, or one to bundle with a tool first");
        }

        return node;

        static int Size(JsonNode? n) => n switch
        {
            JsonObject o => 1 + o.Sum(p => Size(p.Value)),
            JsonArray a => 1 + a.Sum(Size),
            _ => 1,
        };
    }

    /// <summary>The component kind of an object referenced at <paramref name="site"/>, or null to copy it in place.</summary>
    private string? KindAt(List<string> site)
    {
        // Every schema hangs under a "schema" key, the components' schemas, or Swagger 2's definitions.
        for (int i = 0; i < site.Count; i++)
        {
            if (site[i] is "schema" || (i == 1 && site[0] == "components" && site[1] == "schemas") || (i == 0 && site[0] == "definitions" && _swagger))
            {
                return "schemas";
            }
        }

        string last = site.Count > 0 ? site[^1] : "", parent = site.Count > 1 ? site[^2] : "";
        string? kind = parent switch
        {
            "parameters" => "parameters",
            "responses" => "responses",
            "requestBodies" => "requestBodies",
            "headers" => "headers",
            "examples" => "examples",
            "securitySchemes" => "securitySchemes",
            "links" => "links",
            "callbacks" => "callbacks",
            _ => last == "requestBody" ? "requestBodies" : null,
        };
        if (kind is null || !_swagger)
        {
            return kind;
        }

        return kind is "parameters" or "responses" ? kind : null; // Swagger 2 names only these (and definitions)
    }

    private string[] ComponentsPath(string kind) => _swagger ? [kind == "schemas" ? "definitions" : kind] : ["components", kind];

    private JsonObject Components(string kind)
    {
        JsonObject parent = _root;
        foreach (string part in ComponentsPath(kind))
        {
            if (parent[part] is not JsonObject child)
            {
                parent[part] = child = new JsonObject();
            }

            parent = child;
        }

        return parent;
    }

    private string FreeName(string kind, string name)
    {
        JsonObject components = Components(kind);
        string free = name;
        for (int n = 2; components.ContainsKey(free) || _moved.ContainsValue("#/" + string.Join("/", ComponentsPath(kind)) + "/" + SpecReader.Escape(free)); n++)
        {
            free = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return free;
    }

    /// <summary>The last token of the pointer, or the file's name without its extension.</summary>
    private static string NameOf(string file, string fragment)
    {
        string last = fragment.Length > 1 ? fragment[(fragment.LastIndexOf('/') + 1)..] : "";
        last = last.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        return last.Length > 0 && !int.TryParse(last, out _) ? last : Path.GetFileNameWithoutExtension(file);
    }

    /// <summary>The file (absolute) and the fragment (a JSON pointer, "" for the whole file) a reference names, relative to <paramref name="file"/>.</summary>
    internal static (string File, string Fragment) Split(string file, string reference)
    {
        int hash = reference.IndexOf('#');
        string target = hash < 0 ? reference : reference[..hash];
        string fragment = hash < 0 ? "" : Uri.UnescapeDataString(reference[(hash + 1)..]);
        string targetFile = target.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(target)));
        return (targetFile, fragment);
    }
}
