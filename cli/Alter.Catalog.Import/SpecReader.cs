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

        var context = new RefContext(full, files);
        CheckRefs(full, root, "", context);
        cancellationToken.ThrowIfCancellationRequested();

        try
        {
            if (files.Count > 1)
            {
                // Published as several files: one document first, every external $ref resolved (SpecBundler).
                JsonObject bundled = SpecBundler.Bundle(full, obj, (file, fragment, from) => Resolve(file, fragment, from, context));
                return await OpenApiDocument.FromJsonAsync(bundled.ToJsonString(), null, cancellationToken).ConfigureAwait(false);
            }

            string text = File.ReadAllText(full);
            return IsYaml(full, text)
                ? await OpenApiYamlDocument.FromYamlAsync(YamlText(text), full, cancellationToken).ConfigureAwait(false)
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
        if (IsText(file))
        {
            node = JsonValue.Create(text); // a Markdown or text file referenced whole, as a description (Redocly's convention)
        }
        else if (IsYaml(file, text))
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(YamlText(text)));
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
        YamlScalarNode scalar => FromScalar(scalar),
        _ => null,
    };

    /// <summary>
    /// A YAML scalar as JSON (YAML 1.2's core schema): plain null, booleans and numbers keep their type, a number its
    /// written text (so <c>3.0</c> stays <c>3.0</c>); quoted scalars and everything else are strings.
    /// </summary>
    private static JsonNode? FromScalar(YamlScalarNode scalar)
    {
        string value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "null" or "Null" or "NULL" or "~":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (System.Text.RegularExpressions.Regex.IsMatch(value, @"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"))
        {
            return JsonNode.Parse(value);
        }

        return JsonValue.Create(value);
    }

    /// <summary>
    /// The YAML with its whitespace-only lines emptied: YamlDotNet (under NSwag too) refuses a block scalar whose first
    /// line holds only the spaces of its indentation ("found extra spaces in first line", valid YAML; Figma's published
    /// description has them). Only spaces on lines that hold nothing else go, so no value a reader sees changes, except
    /// such lines inside a literal block, which keep their line break and lose their trailing spaces.
    /// </summary>
    private static string YamlText(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"^[ \t]+(?=\r?$)", "", System.Text.RegularExpressions.RegexOptions.Multiline);

    private static bool IsText(string path) => Path.GetExtension(path).ToLowerInvariant() is ".md" or ".markdown" or ".txt";

    /// <summary>The files read so far, and the folder every referenced file must be under (the root document's, links resolved).</summary>
    private sealed class RefContext(string rootFile, Dictionary<string, JsonNode?> files)
    {
        public Dictionary<string, JsonNode?> Files { get; } = files;

        public string Folder { get; } = RealPath(Path.GetDirectoryName(rootFile)!);
    }

    /// <summary>Every <c>$ref</c> must resolve: in this file, or in another file relative to it.</summary>
    private static void CheckRefs(string file, JsonNode? node, string pointer, RefContext context)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach ((string key, JsonNode? value) in obj)
                {
                    string child = pointer + "/" + Escape(key);
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue(out string? reference))
                    {
                        CheckRef(file, child, reference, context);
                    }
                    else
                    {
                        CheckRefs(file, value, child, context);
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    CheckRefs(file, array[i], pointer + "/" + i, context);
                }

                break;
        }
    }

    private static void CheckRef(string file, string at, string reference, RefContext context)
    {
        int hash = reference.IndexOf('#');
        string target = hash < 0 ? reference : reference[..hash];
        if (target.Contains("://", StringComparison.Ordinal))
        {
            throw Fail(file, at, $"'{reference}' is a remote reference; only local files are read (download it next to the document)");
        }

        if (hash >= 0 && reference.Length > hash + 1 && reference[hash + 1] != '/')
        {
            throw Fail(file, at, $"'{reference}': the fragment must be a JSON pointer ('#/components/schemas/Name')");
        }

        var (targetFile, fragment) = SpecBundler.Split(file, reference);
        bool firstVisit = !context.Files.ContainsKey(targetFile);
        Resolve(targetFile, fragment, (file, at), context, reference);
        if (firstVisit)
        {
            CheckRefs(targetFile, context.Files[targetFile], "", context);
        }
    }

    /// <summary>
    /// The node at <paramref name="fragment"/> (a JSON pointer) of <paramref name="targetFile"/>, which must lie under
    /// the root document's folder: a description is hostile input, and a <c>$ref</c> to <c>~/.ssh/id_rsa</c> would
    /// otherwise copy that file into generated documentation. Errors name the referencing file and pointer.
    /// </summary>
    private static JsonNode? Resolve(string targetFile, string fragment, (string File, string Pointer) from, RefContext context, string? reference = null)
    {
        if (!context.Files.ContainsKey(targetFile))
        {
            string real = File.Exists(targetFile) ? RealPath(targetFile) : targetFile;
            if (!real.StartsWith(context.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw Fail(from.File, from.Pointer, $"the referenced file '{targetFile}' is outside the document's folder '{context.Folder}': only files under it are read");
            }
        }

        JsonNode? current = Load(targetFile, context.Files, from);
        if (fragment.Length == 0)
        {
            return current;
        }

        string walked = "";
        foreach (string raw in fragment[1..].Split('/'))
        {
            string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            JsonNode? next = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out JsonNode? value) => value ?? JsonValue.Create(""),
                JsonArray a when int.TryParse(token, out int index) && index >= 0 && index < a.Count => a[index],
                _ => null,
            };
            if (next is null)
            {
                string where = targetFile == from.File ? "this file" : "'" + targetFile + "'";
                reference ??= (targetFile == from.File ? "" : Path.GetFileName(targetFile)) + "#" + fragment;
                throw Fail(from.File, from.Pointer, $"'{reference}' does not resolve: {where} has nothing at '{walked}/{raw}'");
            }

            walked += "/" + raw;
            current = next;
        }

        return current;
    }

    /// <summary>The path with every symbolic link on it resolved (a link inside the folder may point anywhere).</summary>
    private static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = RealPath(target.FullName);
            }
        }

        return current;
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
