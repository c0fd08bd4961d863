using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Typed.Generator.Naming;

namespace Alter.Catalog.Import;

/// <summary>
/// The generator's rules for text from a description, applied to what the import writes (the same classifier,
/// <c>UnsafeText</c>): prose (descriptions, summaries, defaults, enums, formats, examples) is cleaned — line separators
/// become <c>\n</c>, control and format characters (BOM, bidi overrides, zero-width marks) are removed — with a warning
/// naming the field; a name (operation id, path, group, parameter name, property key, schema name, scope, URL, header)
/// holding such a character is refused: its operation or property is left out (warning), or, for a provider-level
/// field or a schema name, the import fails (error).
/// </summary>
internal static class ImportTextSafety
{
    private static readonly HashSet<string> s_prose = new(StringComparer.Ordinal)
    {
        "description", "summary", "title", "default", "example", "examples", "enum", "const", "pattern", "format", "$comment",
    };

    private static readonly HashSet<string> s_maps = new(StringComparer.Ordinal) { "properties", "schemas", "headers", "authorizationParameters" };

    /// <param name="root">The description about to be written; cleaned in place.</param>
    /// <param name="file">The source document.</param>
    /// <param name="diagnostics">Where warnings go.</param>
    /// <param name="sources">
    /// Source JSON pointers when known: of each imported operation by its id, of each schema as <c>schema:&lt;name&gt;</c>,
    /// of a top-level field as <c>root:&lt;key&gt;</c>.
    /// </param>
    public static void Apply(JsonObject root, string file, List<ImportDiagnostic> diagnostics, IReadOnlyDictionary<string, string> sources)
    {
        if (root["operations"] is JsonArray operations)
        {
            for (int i = operations.Count - 1; i >= 0; i--)
            {
                if (operations[i] is not JsonObject operation)
                {
                    continue;
                }

                string id = operation["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "?";
                string source = sources.TryGetValue(id, out string? pointer) ? pointer : "";
                string? refused = Walk(operation, $"operations[{i}]", inMap: false, file, source, diagnostics);
                if (refused is not null)
                {
                    operations.RemoveAt(i);
                    diagnostics.Add(Warning(file, source, $"the operation '{Show(id)}' is left out: {refused}"));
                }
            }
        }

        if (root["schemas"] is JsonObject schemas)
        {
            foreach ((string name, JsonNode? schema) in schemas.ToList())
            {
                if (Unsafe(name) is int at)
                {
                    throw SpecReader.Fail(file, "", $"the schema name '{Show(name)}' holds {UnsafeText.CodePoint(name[at])} (a control, format or separator character); rename it");
                }

                string source = sources.TryGetValue("schema:" + name, out string? schemaPointer) ? schemaPointer : "";
                if (Walk(schema, "schemas." + name, inMap: false, file, source, diagnostics, dropUnsafeProperties: true) is string refused)
                {
                    throw SpecReader.Fail(file, "", refused + "; the schema cannot be described with it");
                }
            }
        }

        foreach ((string key, JsonNode? value) in root.ToList())
        {
            if (key is "operations" or "schemas")
            {
                continue;
            }

            string? refused = Walk(value, key, inMap: false, file, sources.TryGetValue("root:" + key, out string? at) ? at : "", diagnostics, prose: s_prose.Contains(key));
            if (refused is not null)
            {
                throw SpecReader.Fail(file, "", refused + "; the provider cannot be described with it");
            }
        }
    }

    /// <summary>Cleans prose under <paramref name="node"/>; returns why it must be refused (a name with an unsafe character), or null.</summary>
    private static string? Walk(JsonNode? node, string path, bool inMap, string file, string source, List<ImportDiagnostic> diagnostics, bool prose = false, bool dropUnsafeProperties = false)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                string text = value.GetValue<string>();
                if (prose)
                {
                    string cleaned = Clean(text, out char? removed);
                    if (removed is char c)
                    {
                        ReplaceValue(value, cleaned);
                        diagnostics.Add(Warning(file, source, $"{path} held {UnsafeText.CodePoint(c)} (a control, format or line-separator character); control and format characters were removed and line separators written as line feeds"));
                    }

                    return null;
                }

                return Unsafe(text) is int at ? $"{path} holds {UnsafeText.CodePoint(text[at])}, a control, format or separator character, in a name" : null;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (Walk(array[i], $"{path}[{i}]", inMap: false, file, source, diagnostics, prose, dropUnsafeProperties) is string refused)
                    {
                        return refused;
                    }
                }

                return null;
            case JsonObject obj:
                if (dropUnsafeProperties && !inMap && obj["required"] is JsonArray names)
                {
                    // A required name with an unsafe character names a property that is left out below.
                    for (int i = names.Count - 1; i >= 0; i--)
                    {
                        if (names[i] is JsonValue n && n.GetValueKind() == JsonValueKind.String && Unsafe(n.GetValue<string>()) is not null)
                        {
                            names.RemoveAt(i);
                        }
                    }
                }

                foreach ((string key, JsonNode? child) in obj.ToList())
                {
                    string childPath = path + "." + key;
                    if (Unsafe(key) is int bad)
                    {
                        if (inMap && dropUnsafeProperties && path.EndsWith(".properties", StringComparison.Ordinal))
                        {
                            obj.Remove(key);
                            diagnostics.Add(Warning(file, source, $"the property '{Show(key)}' of {path} holds {UnsafeText.CodePoint(key[bad])} (a control, format or separator character); it is left out"));
                            continue;
                        }

                        return $"the key '{Show(key)}' of {path} holds {UnsafeText.CodePoint(key[bad])}, a control, format or separator character";
                    }

                    bool childProse = prose || (!inMap && (s_prose.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal)));
                    bool childMap = !inMap && !prose && s_maps.Contains(key);
                    if (Walk(child, childPath, childMap, file, source, diagnostics, childProse, dropUnsafeProperties) is string refused)
                    {
                        return refused;
                    }
                }

                if (dropUnsafeProperties && obj["required"] is JsonArray required && obj["properties"] is JsonObject properties)
                {
                    // Keep required in step with the properties left.
                    for (int i = required.Count - 1; i >= 0; i--)
                    {
                        if (required[i] is JsonValue r && r.GetValueKind() == JsonValueKind.String && !properties.ContainsKey(r.GetValue<string>()))
                        {
                            required.RemoveAt(i);
                        }
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static void ReplaceValue(JsonValue value, string cleaned)
    {
        switch (value.Parent)
        {
            case JsonObject parent:
                parent[value.GetPropertyName()] = cleaned;
                break;
            case JsonArray parent:
                parent[value.GetElementIndex()] = cleaned;
                break;
        }
    }

    private static int? Unsafe(string text) => UnsafeText.IndexOfUnsafeInName(text) is int i and >= 0 ? i : null;

    /// <summary>Prose with <c>\r\n</c>, CR, NEL, LS and PS as <c>\n</c>, tabs kept, other control and format characters removed.</summary>
    internal static string Clean(string text, out char? removed)
    {
        removed = null;
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (UnsafeText.IsPair(text, i))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                // CRLF is an ordinary line end of a document, not worth a warning.
            }
            else if (c is '\n' or '\t')
            {
                builder.Append(c);
            }
            else if (UnsafeText.IsLineTerminator(c))
            {
                builder.Append('\n');
                removed ??= c;
            }
            else if (UnsafeText.IsControlOrFormat(c) || c is '\uFFFE' or '\uFFFF')
            {
                removed ??= c;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Text for a message, with unsafe characters as <c>\uXXXX</c>.</summary>
    private static string Show(string text) => UnsafeText.Show(text);

    private static ImportDiagnostic Warning(string file, string pointer, string message) => new(ImportSeverity.Warning, file, pointer, message);
}
