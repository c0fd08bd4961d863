using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Alter.Catalog.Tests;

/// <summary>One description of the catalog: <c>providers/&lt;folder&gt;/&lt;file&gt;</c> and its parsed JSON.</summary>
public sealed record Description(string Folder, string FileName, string Path, string Text, JsonObject Json)
{
    public string Id => (string?)Json["id"] ?? "";
    public string Name => (string?)Json["name"] ?? "";
    public JsonObject Auth => Json["auth"] as JsonObject ?? new JsonObject();
    public JsonObject Api => Json["api"] as JsonObject ?? new JsonObject();
    public string Kind => (string?)Auth["kind"] ?? "";
    public bool Pkce => (bool?)Auth["pkce"] ?? false;
    public int OperationCount => (Json["operations"] as JsonArray)?.Count ?? 0;
    /// <summary>Where the imported operations came from; null for a description written from the provider's docs.</summary>
    public JsonObject? Source => Json["source"] as JsonObject;
    /// <summary>The operation ids of the default set (<c>defaultOperations</c> globs; all of them when it is absent).</summary>
    public IReadOnlyList<JsonObject> DefaultOperations => [.. Operations.Where(o => IsDefault((string?)o["id"], (string?)o["path"]))];
    public IEnumerable<JsonObject> Operations => (Json["operations"] as JsonArray ?? []).OfType<JsonObject>();

    private bool IsDefault(string? id, string? path)
        => Json["defaultOperations"] is not JsonArray globs
           || globs.Any(g => (string?)g is { } glob && ((id is not null && GlobMatch(glob, id)) || (path is not null && (GlobMatch(glob, path) || GlobMatch(glob, "/" + path)))));

    /// <summary>The generator's glob: '*' any text, '?' one character, ordinal.</summary>
    private static bool GlobMatch(string glob, string value)
        => System.Text.RegularExpressions.Regex.IsMatch(value, "^" + System.Text.RegularExpressions.Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", System.Text.RegularExpressions.RegexOptions.Singleline);
    public override string ToString() => $"providers/{Folder}/{FileName}";
}

/// <summary>Reads every <c>providers/*/*.provider.json</c> of the repository once.</summary>
public static partial class Catalog
{
    public static string RepoRoot { get; } = Alter.Tests.Shared.Repository.Root;
    public static string ProvidersDirectory { get; } = System.IO.Path.Combine(RepoRoot, "providers");
    public static string SchemaPath { get; } = System.IO.Path.Combine(ProvidersDirectory, "provider.schema.json");
    public static string PagePath { get; } = System.IO.Path.Combine(ProvidersDirectory, "README.md");

    private static readonly Lazy<IReadOnlyList<Description>> s_all = new(Load);

    public static IReadOnlyList<Description> All => s_all.Value;

    /// <summary>Descriptions as xunit theory data, by path (readable test names).</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var d in All) data.Add($"{d.Folder}/{d.FileName}");
        return data;
    }

    public static Description Get(string relative) => All.Single(d => $"{d.Folder}/{d.FileName}" == relative);

    /// <summary>The C# name the generator derives from a display name: its letters and digits, each word capitalized.</summary>
    public static string CSharpName(string name)
    {
        var words = WordRegex().Matches(name).Select(m => char.ToUpperInvariant(m.Value[0]) + m.Value[1..]);
        var joined = string.Concat(words);
        return joined.Length > 0 && char.IsDigit(joined[0]) ? "_" + joined : joined;
    }

    /// <summary>The <c>{name}</c> placeholders of a URL or host.</summary>
    public static IEnumerable<string> Placeholders(string value) => PlaceholderRegex().Matches(value).Select(m => m.Groups[1].Value);

    /// <summary>
    /// The per-connection values a description declares (a tenant, a subdomain). Format v1 has no such field yet, so this
    /// is empty and any placeholder outside the documented <c>{client_id}</c> of revocation URLs fails the catalog tests.
    /// When the format gains the field, read its names here.
    /// </summary>
    public static IReadOnlySet<string> DeclaredConnectionValues(Description description)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        // Format v1: "connectionValues": [ { "name": "subdomain", "description": "..." } ].
        if (description.Json["connectionValues"] is JsonArray values)
            foreach (var value in values)
                if ((string?)value?["name"] is { } name) names.Add(name);
        return names;
    }

    /// <summary>Every URL-valued field of a description, with its JSON path.</summary>
    public static IEnumerable<(string Path, string Url)> Urls(Description d)
    {
        if ((string?)d.Json["docsUrl"] is { } docs) yield return ("docsUrl", docs);
        foreach (var key in new[] { "authorizationUrl", "tokenUrl", "refreshUrl", "revocationUrl" })
            if ((string?)d.Auth[key] is { } url) yield return ($"auth.{key}", url);
        if ((string?)d.Api["baseUrl"] is { } baseUrl) yield return ("api.baseUrl", baseUrl);
        if (d.Json["operations"] is JsonArray operations)
            for (var i = 0; i < operations.Count; i++)
                if ((string?)operations[i]?["docsUrl"] is { } opDocs) yield return ($"operations[{i}].docsUrl", opDocs);
    }

    private static IReadOnlyList<Description> Load()
    {
        var list = new List<Description>();
        foreach (var path in Directory.EnumerateFiles(ProvidersDirectory, "*.provider.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = System.IO.Path.GetRelativePath(ProvidersDirectory, path).Replace('\\', '/');
            var parts = relative.Split('/');
            var text = File.ReadAllText(path);
            var json = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false }) as JsonObject
                ?? throw new InvalidDataException($"providers/{relative} is not a JSON object.");
            list.Add(new Description(parts.Length == 2 ? parts[0] : string.Join('/', parts[..^1]), parts[^1], path, text, json));
        }
        return list;
    }

    [GeneratedRegex("[A-Za-z0-9]+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex PlaceholderRegex();
}
