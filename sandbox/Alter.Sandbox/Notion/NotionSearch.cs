using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.Notion;

/// <summary>
/// <c>POST /v1/search</c> over the workspace's pages: a title filter (<c>query</c>), cursor pagination as Notion pages
/// (<c>start_cursor</c> and <c>page_size</c> in the body; <c>next_cursor</c> and <c>has_more</c> in the answer), and
/// Notion's 400 <c>validation_error</c> for a cursor it did not give.
/// </summary>
internal static class NotionSearch
{
    /// <summary>The workspace's pages, most recently edited first (search's default order).</summary>
    private static readonly (string Id, string Title, string Edited)[] Pages =
    [
        ("1a2b3c4d-0001-4a5b-8c9d-0e1f2a3b4c01", "Engine notes", "2024-05-06T09:12:00.000Z"),
        ("1a2b3c4d-0002-4a5b-8c9d-0e1f2a3b4c02", "Meeting minutes", "2024-05-05T16:40:00.000Z"),
        ("1a2b3c4d-0003-4a5b-8c9d-0e1f2a3b4c03", "Reading list", "2024-05-04T08:05:00.000Z"),
        ("1a2b3c4d-0004-4a5b-8c9d-0e1f2a3b4c04", "Travel plans", "2024-05-02T19:21:00.000Z"),
        ("1a2b3c4d-0005-4a5b-8c9d-0e1f2a3b4c05", "Engine sketches", "2024-04-28T11:00:00.000Z"),
    ];

    public static async Task<IResult> SearchAsync(HttpRequest request)
    {
        JsonObject body;
        try
        {
            body = request.ContentLength is 0 ? [] : (await JsonNode.ParseAsync(request.Body)) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return NotionJson.Error(StatusCodes.Status400BadRequest, "invalid_json", "Error parsing JSON body.");
        }

        var query = (string?)body["query"] ?? "";
        var size = body["page_size"] is JsonValue s && s.TryGetValue(out int n) ? n : 100;
        if (size is < 1 or > 100) return NotionJson.Error(StatusCodes.Status400BadRequest, "validation_error", "body.page_size should be ≤ `100`, instead was `" + size + "`.");
        var matches = Pages.Where(p => p.Title.Contains(query, StringComparison.OrdinalIgnoreCase)).ToList();
        var start = 0;
        if ((string?)body["start_cursor"] is { } cursor)
        {
            start = matches.FindIndex(p => p.Id == cursor);
            if (start < 0) return NotionJson.Error(StatusCodes.Status400BadRequest, "validation_error", "The start_cursor provided is invalid: " + cursor);
        }

        var page = matches.Skip(start).Take(size).ToList();
        var more = start + size < matches.Count;
        return SandboxJson.Result(new JsonObject
        {
            ["object"] = "list",
            ["results"] = new JsonArray([.. page.Select(p => (JsonNode)PageObject(p.Id, p.Title, p.Edited))]),
            ["next_cursor"] = more ? matches[start + size].Id : null,
            ["has_more"] = more,
            ["type"] = "page_or_data_source",
            ["page_or_data_source"] = new JsonObject(),
            ["request_id"] = Guid.NewGuid().ToString(),
        });
    }

    private static JsonObject PageObject(string id, string title, string edited) => new()
    {
        ["object"] = "page",
        ["id"] = id,
        ["created_time"] = "2024-04-01T10:00:00.000Z",
        ["last_edited_time"] = edited,
        ["archived"] = false,
        ["in_trash"] = false,
        ["parent"] = new JsonObject { ["type"] = "workspace", ["workspace"] = true },
        ["url"] = "https://www.notion.so/" + title.Replace(' ', '-') + "-" + id.Replace("-", ""),
        ["properties"] = new JsonObject
        {
            ["title"] = new JsonObject
            {
                ["id"] = "title",
                ["type"] = "title",
                ["title"] = new JsonArray(new JsonObject
                {
                    ["type"] = "text",
                    ["text"] = new JsonObject { ["content"] = title, ["link"] = null },
                    ["plain_text"] = title,
                    ["href"] = null,
                }),
            },
        },
    };
}
