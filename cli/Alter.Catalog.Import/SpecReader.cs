using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSwag;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Alter.Catalog.Import;

/// <summary>
/// Reads an OpenAPI document: first a strict check of its own (syntax with line and column, the version, that
/// <c>paths</c> is there, that every <c>$ref</c> resolves, across files too) so a bad input gets a precise error
/// (file, JSON pointer, what is wrong); then NSwag.Core for the resolved object model.
/// </summary>
internal static class SpecReader
{
    public static async Task<OpenApiDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        var files = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        JsonNode? root = Load(full, files, referencedFrom: null);
        if (root is not JsonObject obj)
        {
            throw Fail(full, "", "the document is not an object; an OpenAPI document starts with 'openapi: 3.x' or 'swagger: \"2.0\"'");
        }

        CheckVersion(full, obj);
        if (obj["paths"] is not JsonObject)
        {
            throw Fail(full, "/paths", obj["paths"] is null ? "the document has no 'paths': there are no operations to import" : "'paths' must be an object of path items");
        }

        CheckRefs(full, root, "", files);
        cancellationToken.ThrowIfCancellationRequested();

        try
        {
            return IsYaml(full, File.ReadAllText(full))
                ? await OpenApiYamlDocument.FromFileAsync(full, cancellationToken).ConfigureAwait(false)
                : await OpenApiDocument.FromFileAsync(full, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ImportFailedException)
        {
            throw Fail(full, "", "NSwag could not read the document: " + ex.Message);
        }
    }

    private static void CheckVersion(string file, JsonObject root)
    {
        if (root["openapi"] is JsonNode openapi)
        {
            string version = Text(openapi);
            if (!(version.StartsWith("3.0", StringComparison.Ordinal) || version.StartsWith("3.1", StringComparison.Ordinal)))
            {
                throw Fail(file, "/openapi", $"unsupported OpenAPI version '{version}'; the import reads 2.0, 3.0 and 3.1");
            }

            return;
        }

        if (root["swagger"] is JsonNode swagger)
        {
            string version = Text(swagger);
            if (version != "2.0")
            {
                throw Fail(file, "/swagger", $"unsupported Swagger version '{version}'; the import reads 2.0, 3.0 and 3.1");
            }

            return;
        }

        if (root["discoveryVersion"] is not null)
        {
            throw Fail(file, "", "this looks like a Google Discovery document, but it is not JSON: Discovery documents are read as JSON only");
        }

        throw Fail(file, "", "neither 'openapi' nor 'swagger' is present: not an OpenAPI 2.0/3.0/3.1 document");
    }

    private static string Text(JsonNode node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : node.ToJsonString();

    private static bool IsYaml(string path, string text)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".yaml" or ".yml")
        {
            return true;
        }

        if (ext == ".json")
        {
            return false;
        }

        return !text.TrimStart().StartsWith('{');
    }

    /// <summary>Reads a file as a tree (YAML scalars become strings: the tree serves the checks only).</summary>
    private static JsonNode? Load(string file, Dictionary<string, JsonNode?> files, (string File, string Pointer)? referencedFrom)
    {
        if (files.TryGetValue(file, out JsonNode? cached))
        {
            return cached;
        }

        if (!File.Exists(file))
        {
            throw referencedFrom is { } from
                ? Fail(from.File, from.Pointer, $"the referenced file '{file}' does not exist")
                : Fail(file, "", "the file does not exist");
        }

        string text = File.ReadAllText(file);
        JsonNode? node;
        if (IsYaml(file, text))
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                throw new ImportFailedException(new ImportDiagnostic(ImportSeverity.Error, file, "", "YAML syntax error: " + Inner(ex), (int)ex.Start.Line, (int)ex.Start.Column));
            }

            node = stream.Documents.Count == 0 ? null : FromYaml(stream.Documents[0].RootNode);
        }
        else
        {
            try
            {
                node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException ex)
            {
                string message = ex.Message;
                foreach (string tail in new[] { " Path:", " LineNumber:" })
                {
                    int cut = message.IndexOf(tail, StringComparison.Ordinal);
                    message = cut > 0 ? message[..cut] : message;
                }
                throw new ImportFailedException(new ImportDiagnostic(
                    ImportSeverity.Error,
                    file,
                    PointerFromJsonPath(ex.Path),
                    "JSON syntax error: " + message,
                    (int)(ex.LineNumber ?? 0) + 1,
                    (int)(ex.BytePositionInLine ?? 0) + 1));
            }
        }

        files[file] = node;
        return node;
    }

    private static string Inner(YamlException ex)
    {
        string message = ex.InnerException?.Message ?? ex.Message;
        return message.Replace("\r", " ").Replace("\n", " ");
    }

    private static JsonNode? FromYaml(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair => KeyValuePair.Create(((pair.Key as YamlScalarNode)?.Value) ?? pair.Key.ToString(), FromYaml(pair.Value)))
            .GroupBy(pair => pair.Key).Select(group => group.First())),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(FromYaml).ToArray()),
        YamlScalarNode scalar => scalar.Style == ScalarStyle.Plain && (scalar.Value is null or "null" or "~") ? null : JsonValue.Create(scalar.Value ?? string.Empty),
        _ => null,
    };

    /// <summary>Every <c>$ref</c> must resolve: in this file, or in another file relative to it.</summary>
    private static void CheckRefs(string file, JsonNode? node, string pointer, Dictionary<string, JsonNode?> files)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach ((string key, JsonNode? value) in obj)
                {
                    string child = pointer + "/" + Escape(key);
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue(out string? reference))
                    {
                        CheckRef(file, child, reference, files);
                    }
                    else
                    {
                        CheckRefs(file, value, child, files);
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    CheckRefs(file, array[i], pointer + "/" + i, files);
                }

                break;
        }
    }

    private static void CheckRef(string file, string at, string reference, Dictionary<string, JsonNode?> files)
    {
        int hash = reference.IndexOf('#');
        string target = hash < 0 ? reference : reference[..hash];
        string fragment = hash < 0 ? "" : reference[(hash + 1)..];
        if (target.Contains("://", StringComparison.Ordinal))
        {
            throw Fail(file, at, $"'{reference}' is a remote reference; only local files are read (download it next to the document)");
        }

        string targetFile = target.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(target)));
        bool firstVisit = !files.ContainsKey(targetFile);
        JsonNode? document = Load(targetFile, files, (file, at));
        if (firstVisit)
        {
            CheckRefs(targetFile, document, "", files);
        }

        if (fragment.Length == 0)
        {
            return;
        }

        if (!fragment.StartsWith('/'))
        {
            throw Fail(file, at, $"'{reference}': the fragment must be a JSON pointer ('#/components/schemas/Name')");
        }

        JsonNode? current = document;
        string walked = "";
        foreach (string raw in fragment[1..].Split('/'))
        {
            string token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            JsonNode? next = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out JsonNode? value) => value ?? JsonValue.Create(""),
                JsonArray a when int.TryParse(token, out int index) && index >= 0 && index < a.Count => a[index],
                _ => null,
            };
            if (next is null)
            {
                string where = target.Length == 0 ? "this file" : "'" + targetFile + "'";
                throw Fail(file, at, $"'{reference}' does not resolve: {where} has nothing at '{walked}/{raw}'");
            }

            walked += "/" + raw;
            current = next;
        }
    }

    private static string PointerFromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }

        var builder = new StringBuilder();
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[')
                {
                    end++;
                }

                builder.Append('/').Append(Escape(path[(i + 1)..end]));
                i = end;
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i);
                if (end < 0)
                {
                    break;
                }

                string inner = path[(i + 1)..end].Trim('\'');
                builder.Append('/').Append(Escape(inner));
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return builder.ToString();
    }

    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static ImportFailedException Fail(string file, string pointer, string message)
        => new(new ImportDiagnostic(ImportSeverity.Error, file, pointer, message));
}
