using System.Text.Json.Nodes;

namespace Alter.Catalog.Import;

/// <summary>
/// Gives an imported operation the <c>pagination</c> object its answers call for, from the written (format-v1) operation
/// and its typed answer, so that every list operation of a whole official API gets its streamer, not only the curated
/// ones. Only unambiguous shapes, every part of which the operation really has (the generator checks the same, ALTER011):
/// <list type="table">
/// <item><term>nextLink</term><description>a GET whose answer has <c>@odata.nextLink</c> and an array <c>value</c> (Microsoft Graph)</description></item>
/// <item><term>cursor</term><description>a cursor parameter and, in the answer, where the next one is: <c>cursor</c> →
/// <c>response_metadata.next_cursor</c> or <c>next_cursor</c> (Slack), <c>pageToken</c> → <c>nextPageToken</c> (Google),
/// <c>start_cursor</c> → <c>next_cursor</c> with <c>has_more</c> (Notion), <c>page_token</c> → <c>next_page_token</c>
/// (Zoom), <c>after</c> → <c>paging.next.after</c> (HubSpot), <c>marker</c> → <c>next_marker</c> with <c>usemarker</c> (Box),
/// <c>offset</c> → <c>next_page.offset</c> (Asana's offset token)</description></item>
/// <item><term>offset</term><description>a GET with <c>offset</c> and <c>limit</c> whose answer has an array <c>items</c> (Spotify)</description></item>
/// <item><term>linkHeader</term><description>a GET whose success answer declares a <c>Link</c> header (GitHub, GitLab)</description></item>
/// </list>
/// The items are the answer itself when it is an array, else its only array property, else among several its <c>items</c>;
/// otherwise nothing is inferred.
/// </summary>
internal static class PaginationInference
{
    private static readonly (string Parameter, string[] Next)[] s_cursors =
    [
        ("cursor", ["response_metadata", "next_cursor"]),
        ("cursor", ["next_cursor"]),
        ("pageToken", ["nextPageToken"]),
        ("start_cursor", ["next_cursor"]),
        ("page_token", ["next_page_token"]),
        ("after", ["paging", "next", "after"]),
        ("marker", ["next_marker"]),
        ("offset", ["next_page", "offset"]), // Asana: an opaque offset token, not a count
    ];

    /// <summary>The pagination of <paramref name="operation"/>, or null when its shape is not one of the above.</summary>
    public static JsonObject? Infer(JsonObject operation, JsonObject schemas, bool declaresLinkHeader)
    {
        string method = operation["method"] is JsonValue m && m.TryGetValue(out string? text) ? text : "";
        JsonNode? answer = Resolve(operation["response"]?["schema"], schemas);
        if (answer is not JsonObject || operation["response"]?["contentType"] is not null)
        {
            return null;
        }

        var query = ((operation["parameters"] as JsonArray) ?? [])
            .OfType<JsonObject>()
            .Where(p => (string?)p["in"] == "query")
            .ToDictionary(p => (string)p["name"]!, p => p, StringComparer.Ordinal);
        JsonObject? body = operation["requestBody"] is JsonObject requestBody
            && ((string?)requestBody["contentType"] ?? "application/json").Contains("json", StringComparison.OrdinalIgnoreCase)
            ? Resolve(requestBody["schema"], schemas)?["properties"] as JsonObject
            : null;

        if (method == "GET" && Property(answer, ["@odata.nextLink"], schemas) is not null && IsArray(Property(answer, ["value"], schemas), schemas))
        {
            return new JsonObject { ["style"] = "nextLink", ["nextLink"] = "/@odata.nextLink", ["items"] = "/value" };
        }

        foreach (var (parameter, next) in s_cursors)
        {
            bool carried = query.ContainsKey(parameter) || (method != "GET" && body?.ContainsKey(parameter) == true);
            if (!carried || Property(answer, next, schemas) is null || Items(answer, schemas) is not { } items)
            {
                continue;
            }

            var cursor = new JsonObject { ["style"] = "cursor", ["cursorParameter"] = parameter, ["nextCursor"] = Pointer(next) };
            if (Type(Property(answer, ["has_more"], schemas), schemas) == "boolean")
            {
                cursor["hasMore"] = "/has_more";
            }

            if (parameter == "marker" && query.TryGetValue("usemarker", out JsonObject? use) && Type(use["schema"], schemas) == "boolean")
            {
                cursor["enableParameter"] = "usemarker";
            }

            cursor["items"] = items;
            return cursor;
        }

        if (method == "GET" && query.ContainsKey("offset") && query.ContainsKey("limit") && IsArray(Property(answer, ["items"], schemas), schemas))
        {
            var offset = new JsonObject { ["style"] = "offset", ["offsetParameter"] = "offset", ["limitParameter"] = "limit" };
            if (Type(Property(answer, ["total"], schemas), schemas) == "integer")
            {
                offset["total"] = "/total";
            }

            offset["items"] = "/items";
            return offset;
        }

        if (method == "GET" && declaresLinkHeader && Items(answer, schemas) is { } linked)
        {
            var link = new JsonObject { ["style"] = "linkHeader" };
            if (linked.Length > 0)
            {
                link["items"] = linked;
            }

            return link;
        }

        return null;
    }

    /// <summary>Where the items are: "" for an array answer, the pointer of its only array property, or null.</summary>
    private static string? Items(JsonNode answer, JsonObject schemas)
    {
        if ((string?)answer["type"] == "array")
        {
            return "";
        }

        var arrays = ((answer["properties"] as JsonObject) ?? []).Where(p => IsArray(p.Value, schemas)).Select(p => p.Key).ToList();
        return arrays.Count == 1 ? Pointer([arrays[0]])
            : arrays.Contains("items") ? "/items" // Google's lists beside other arrays (Calendar's events and defaultReminders)
            : null;
    }

    private static JsonNode? Property(JsonNode? schema, string[] path, JsonObject schemas)
    {
        JsonNode? current = Resolve(schema, schemas);
        foreach (string name in path)
        {
            current = Resolve(current?["properties"]?[name], schemas);
        }

        return current;
    }

    private static bool IsArray(JsonNode? schema, JsonObject schemas) => Type(schema, schemas) == "array";

    private static string? Type(JsonNode? schema, JsonObject schemas) => Resolve(schema, schemas)?["type"] is JsonValue t && t.TryGetValue(out string? type) ? type : null;

    /// <summary>Follows a <c>#/schemas/Name</c> reference (a few hops at most).</summary>
    private static JsonNode? Resolve(JsonNode? schema, JsonObject schemas)
    {
        for (int hops = 0; hops < 8 && schema is JsonObject o && o["$ref"] is JsonValue r && r.TryGetValue(out string? reference); hops++)
        {
            const string Prefix = "#/schemas/";
            schema = reference.StartsWith(Prefix, StringComparison.Ordinal)
                ? schemas[reference[Prefix.Length..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                : null;
        }

        return schema;
    }

    private static string Pointer(IEnumerable<string> path) => string.Concat(path.Select(p => "/" + SpecReader.Escape(p)));
}
