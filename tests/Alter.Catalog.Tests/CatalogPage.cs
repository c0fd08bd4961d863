using System.Globalization;
using System.Text;

namespace Alter.Catalog.Tests;

/// <summary>Renders <c>providers/README.md</c> from the descriptions.</summary>
public static class CatalogPage
{
    public const string UpdateVariable = "ALTER_UPDATE_CATALOG";

    public static string Render(IReadOnlyList<Description> descriptions)
    {
        var sorted = descriptions.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var oauth = sorted.Count(d => d.Kind == "oauth2");
        var operations = sorted.Sum(d => d.OperationCount);
        var defaults = sorted.Sum(d => d.DefaultOperations.Count);
        var typed = sorted.Count(d => d.OperationCount > 0);
        var surfaces = sorted.Where(d => d.Source is not null).ToList();
        var s = new StringBuilder();
        s.Append("# Provider catalog\n\n");
        s.Append("<!-- Generated from providers/*/*.provider.json by tests/Alter.Catalog.Tests; do not edit by hand.\n");
        s.Append("     Regenerate: ALTER_UPDATE_CATALOG=1 dotnet test tests/Alter.Catalog.Tests -->\n\n");
        s.Append(CultureInfo.InvariantCulture, $"{sorted.Count} providers: {oauth} with OAuth 2.0 (authorization code; connect them with `app.Connect`), ");
        s.Append(CultureInfo.InvariantCulture, $"{sorted.Count - oauth} with a static API key, bearer token or basic credentials (store one with `app.SaveCredential`). ");
        s.Append(CultureInfo.InvariantCulture, $"{typed} of them have typed operations ({operations} in all, {defaults} in the default sets); every provider gets a client on `App` and the ");
        s.Append("untyped `app.Request(...)` for the rest of its API. Each row is one `providers/<id>/<id>.provider.json`, described by ");
        s.Append("[provider.schema.json](provider.schema.json).\n\n");
        s.Append("| id | name | auth | PKCE | typed operations (default / in the catalog) | docs |\n");
        s.Append("|---|---|---|---|---:|---|\n");
        foreach (var d in sorted)
        {
            var pkce = d.Kind == "oauth2" ? (d.Pkce ? "yes" : "no") : "";
            var docs = (string?)d.Json["docsUrl"] is { } url ? $"[docs]({url})" : "";
            var count = d.OperationCount == 0 ? "0"
                : d.DefaultOperations.Count == d.OperationCount ? $"[{d.OperationCount}](#{d.Id})"
                : $"[{d.DefaultOperations.Count}](#{d.Id}) / {d.OperationCount}";
            s.Append(CultureInfo.InvariantCulture, $"| [`{d.Id}`]({d.Folder}/{d.FileName}) | {Escape(d.Name)} | {AuthLabel(d)} | {pkce} | {count} | {docs} |\n");
        }

        RenderSurfaces(s, sorted, surfaces);

        s.Append("\n## Typed operations\n\n");
        s.Append("The default set of each typed provider (what `<AlterProvider Include=\"<id>\" />` generates): its operation id, the HTTP call, ");
        s.Append("what it does and the scopes its description names (Google's documents list every scope that allows a call: any one of them is enough). ");
        s.Append("Choose others with `<AlterProvider Include=\"<id>\" Operations=\"<globs>\" />` (globs over ids or paths; `*` for all); ");
        s.Append("for an API newer than the catalog's copy, import its description with `alter catalog import --base` ");
        s.Append("(see [the tool's README](../cli/Alter.Cli/README.md#widen-a-catalog-provider)). ");
        s.Append("An operation marked *pages* also gets a streamer, `<Method>All`, an `IAsyncEnumerable` of every item, page after page ");
        s.Append("(its convention in brackets: the description's `pagination`).\n");
        foreach (var d in sorted.Where(d => d.OperationCount > 0))
        {
            s.Append(CultureInfo.InvariantCulture, $"\n### {d.Id}\n\n");
            s.Append("| operation | call | summary | scopes |\n|---|---|---|---|\n");
            foreach (var operation in d.DefaultOperations)
            {
                var id = (string?)operation["id"];
                var call = $"{(string?)operation["method"]} {(string?)operation["path"]}";
                var summary = ((string?)operation["summary"] ?? "").Trim().ReplaceLineEndings(" ");
                var scopes = operation["scopes"] is System.Text.Json.Nodes.JsonArray list && list.Count > 0 ? string.Join(", ", list.Select(x => $"`{(string?)x}`")) : "";
                var idCell = (string?)operation["docsUrl"] is { } link ? $"[`{id}`]({link})" : $"`{id}`";
                var pages = operation["pagination"] is System.Text.Json.Nodes.JsonObject paged ? $" *pages* ({(string?)paged["style"]})" : "";
                s.Append(CultureInfo.InvariantCulture, $"| {idCell} | `{call}` | {Escape(summary)}{pages} | {scopes} |\n");
            }

            if (d.DefaultOperations.Count < d.OperationCount)
            {
                s.Append(CultureInfo.InvariantCulture, $"\nOne glob away ({d.OperationCount - d.DefaultOperations.Count} more): ");
                s.Append(string.Join(", ", Groups(d).Select(g => $"`{g.Glob}` {g.Count}")));
                var streamed = d.Operations.Except(d.DefaultOperations).Count(o => o["pagination"] is not null);
                s.Append(streamed > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {streamed} of them page, with a streamer.\n") : ".\n");
            }
        }
        return s.ToString();
    }

    /// <summary>The providers whose catalog entry carries an official description's whole API, and the typed ones written from docs.</summary>
    private static void RenderSurfaces(StringBuilder s, List<Description> sorted, List<Description> surfaces)
    {
        s.Append("\n## Full API surfaces\n\n");
        s.Append("These entries carry every operation of the provider's published machine-readable description, imported with ");
        s.Append("`alter catalog import --base` over the curated entry (`<id>.curated.json` beside it, whose operations stay the default set: ");
        s.Append("`defaultOperations`). Any other operation is one glob away, with no import step: ");
        s.Append("`<AlterProvider Include=\"github\" Operations=\"repos/*;issues/*\" />`. A consumer pays for what it selects only.\n\n");
        s.Append("| id | operations in the description | in the catalog | default set | description (source) | version | date | licence |\n");
        s.Append("|---|---:|---:|---:|---|---|---|---|\n");
        foreach (var d in surfaces)
        {
            var source = d.Source!;
            s.Append(CultureInfo.InvariantCulture,
                $"| [`{d.Id}`](#{d.Id}) | {(int?)source["operations"]} | {d.OperationCount} | {d.DefaultOperations.Count} | {Escape((string?)source["url"] ?? "")} | {Escape((string?)source["version"] ?? "")} | {Escape((string?)source["date"] ?? "")} | {Escape((string?)source["license"] ?? "")} |\n");
        }

        var written = sorted.Where(d => d.Source is null && d.OperationCount > 0).Select(d => $"`{d.Id}`").ToList();
        s.Append("\nTyped providers without an official description in this repository's offline copy of the published specs (`../shared/specs`) ");
        s.Append(CultureInfo.InvariantCulture, $"keep their sets written from the provider's docs: {string.Join(", ", written)}. ");
        s.Append("Their operations were chosen as what users reach for first (the signed-in user, list and create the main objects); ");
        s.Append("import the provider's description with `alter catalog import --base` where one is published.\n");
    }

    /// <summary>
    /// What the non-default operations are, as globs that select them: the id's first segments, past any that all share
    /// (Google's <c>gmail.users.</c>); an id without <c>.</c> or <c>/</c> (Discord, Spotify, Notion) by its path's first segment.
    /// </summary>
    private static IEnumerable<(string Glob, int Count)> Groups(Description d)
    {
        var others = d.Operations.Except(d.DefaultOperations).Select(o => (Id: (string?)o["id"] ?? "", Path: (string?)o["path"] ?? "")).ToList();
        static string[] Split(string id) => id.Split('.', '/');
        var dotted = others.Select(o => o.Id).Where(id => Split(id).Length > 1).ToList();
        var depth = 1;
        while (dotted.Count > 0 && dotted.Count(id => Split(id).Length > depth + 1) * 2 > dotted.Count
               && dotted.Select(id => string.Join(".", Split(id).Take(depth))).Distinct().Count() == 1)
            depth++;
        return others
            .GroupBy(o =>
            {
                var parts = Split(o.Id);
                if (parts.Length == 1) return o.Path.TrimStart('/').Split('/')[0] + "*";
                if (parts.Length <= depth) return o.Id;
                return o.Id[..(parts.Take(depth).Sum(p => p.Length) + depth)] + "*";
            }, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()));
    }

    private static string AuthLabel(Description d) => d.Kind switch
    {
        "oauth2" => "OAuth 2.0",
        "apiKey" when d.Auth["token"] is { } token => $"API key (`{(string?)token["name"]}` {(string?)token["in"]})",
        "apiKey" => "API key",
        "bearer" => "bearer token",
        "basic" => "basic",
        var other => other,
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
