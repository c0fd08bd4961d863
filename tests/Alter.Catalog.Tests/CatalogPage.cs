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
        var typed = sorted.Count(d => d.OperationCount > 0);
        var s = new StringBuilder();
        s.Append("# Provider catalog\n\n");
        s.Append("<!-- Generated from providers/*/*.provider.json by tests/Alter.Catalog.Tests; do not edit by hand.\n");
        s.Append("     Regenerate: ALTER_UPDATE_CATALOG=1 dotnet test tests/Alter.Catalog.Tests -->\n\n");
        s.Append(CultureInfo.InvariantCulture, $"{sorted.Count} providers: {oauth} with OAuth 2.0 (authorization code; connect them with `app.Connect`), ");
        s.Append(CultureInfo.InvariantCulture, $"{sorted.Count - oauth} with a static API key, bearer token or basic credentials (store one with `app.SaveCredential`). ");
        s.Append(CultureInfo.InvariantCulture, $"{typed} of them have typed operations ({operations} in all); every provider gets a client on `App` and the ");
        s.Append("untyped `app.Request(...)` for the rest of its API. Each row is one `providers/<id>/<id>.provider.json`, described by ");
        s.Append("[provider.schema.json](provider.schema.json).\n\n");
        s.Append("| id | name | auth | PKCE | typed operations | docs |\n");
        s.Append("|---|---|---|---|---:|---|\n");
        foreach (var d in sorted)
        {
            var pkce = d.Kind == "oauth2" ? (d.Pkce ? "yes" : "no") : "";
            var docs = (string?)d.Json["docsUrl"] is { } url ? $"[docs]({url})" : "";
            var count = d.OperationCount > 0 ? $"[{d.OperationCount}](#{d.Id})" : "0";
            s.Append(CultureInfo.InvariantCulture, $"| [`{d.Id}`]({d.Folder}/{d.FileName}) | {Escape(d.Name)} | {AuthLabel(d)} | {pkce} | {count} | {docs} |\n");
        }

        s.Append("\n## Typed operations\n\n");
        s.Append("The default set of each typed provider: its operation id, the HTTP call, what it does and the scopes its description ");
        s.Append("names (Google's documents list every scope that allows a call: any one of them is enough). ");
        s.Append("Narrow it with `<AlterProvider Include=\"<id>\" Operations=\"<globs>\" />`; widen it with `alter catalog import --base` ");
        s.Append("(see [the tool's README](../cli/Alter.Cli/README.md#widen-a-catalog-provider)).\n");
        foreach (var d in sorted.Where(d => d.OperationCount > 0))
        {
            s.Append(CultureInfo.InvariantCulture, $"\n### {d.Id}\n\n");
            s.Append("| operation | call | summary | scopes |\n|---|---|---|---|\n");
            foreach (var operation in d.Json["operations"]!.AsArray())
            {
                var id = (string?)operation!["id"];
                var call = $"{(string?)operation["method"]} {(string?)operation["path"]}";
                var summary = ((string?)operation["summary"] ?? "").Trim().ReplaceLineEndings(" ");
                var scopes = operation["scopes"] is System.Text.Json.Nodes.JsonArray list && list.Count > 0 ? string.Join(", ", list.Select(x => $"`{(string?)x}`")) : "";
                var idCell = (string?)operation["docsUrl"] is { } link ? $"[`{id}`]({link})" : $"`{id}`";
                s.Append(CultureInfo.InvariantCulture, $"| {idCell} | `{call}` | {Escape(summary)} | {scopes} |\n");
            }
        }
        return s.ToString();
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
