namespace Alter.Typed.Generator.Tests;

/// <summary>A description with one paginated operation per convention (and a body cursor), for snapshots and compile checks.</summary>
internal static class PaginationSamples
{
    public const string Operations = """
    [
      {
        "id": "items.list", "method": "GET", "path": "items", "summary": "Lists items (Slack-like cursor).",
        "parameters": [
          { "name": "cursor", "in": "query", "schema": { "type": "string" } },
          { "name": "limit", "in": "query", "schema": { "type": "integer" } }
        ],
        "pagination": { "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/response_metadata/next_cursor", "items": "/channels" },
        "response": { "schema": { "type": "object", "properties": {
          "ok": { "type": "boolean" },
          "channels": { "type": "array", "items": { "$ref": "#/schemas/Item" } },
          "response_metadata": { "type": "object", "properties": { "next_cursor": { "type": "string" } } }
        } } }
      },
      {
        "id": "items.search", "method": "POST", "path": "search", "summary": "Searches items (Notion-like body cursor).",
        "requestBody": { "schema": { "type": "object", "properties": {
          "query": { "type": "string" }, "start_cursor": { "type": "string" }, "page_size": { "type": "integer" }
        } } },
        "pagination": { "style": "cursor", "cursorParameter": "start_cursor", "nextCursor": "/next_cursor", "hasMore": "/has_more", "items": "/results" },
        "response": { "schema": { "type": "object", "properties": {
          "results": { "type": "array", "items": {} }, "next_cursor": { "type": "string", "nullable": true }, "has_more": { "type": "boolean" }
        } } }
      },
      {
        "id": "repos.list-issues", "method": "GET", "path": "repos/{owner}/{repo}/issues", "summary": "Lists issues (GitHub-like Link header).",
        "parameters": [
          { "name": "owner", "in": "path", "required": true, "schema": { "type": "string" } },
          { "name": "repo", "in": "path", "required": true, "schema": { "type": "string" } },
          { "name": "per_page", "in": "query", "schema": { "type": "integer" } }
        ],
        "pagination": { "style": "linkHeader" },
        "response": { "schema": { "type": "array", "items": { "$ref": "#/schemas/Item" } } }
      },
      {
        "id": "me.ListMessages", "method": "GET", "path": "me/messages", "summary": "Lists messages (Graph-like next link).",
        "parameters": [ { "name": "$top", "in": "query", "schema": { "type": "integer" } } ],
        "pagination": { "style": "nextLink", "nextLink": "/@odata.nextLink", "items": "/value" },
        "response": { "schema": { "type": "object", "properties": {
          "value": { "type": "array", "items": { "$ref": "#/schemas/Item" } }, "@odata.nextLink": { "type": "string" }
        } } }
      },
      {
        "id": "playlists.list", "method": "GET", "path": "me/playlists", "summary": "Lists playlists (Spotify-like offset).",
        "parameters": [
          { "name": "limit", "in": "query", "schema": { "type": "integer" } },
          { "name": "offset", "in": "query", "schema": { "type": "integer" } }
        ],
        "pagination": { "style": "offset", "offsetParameter": "offset", "limitParameter": "limit", "total": "/total", "items": "/items" },
        "response": { "schema": { "type": "object", "properties": {
          "items": { "type": "array", "items": { "$ref": "#/schemas/Item" } }, "total": { "type": "integer" }
        } } }
      },
      {
        "id": "folders.items", "method": "GET", "path": "folders/{folder_id}/items", "summary": "Lists a folder's items (Box-like marker).",
        "parameters": [
          { "name": "folder_id", "in": "path", "required": true, "schema": { "type": "string" } },
          { "name": "usemarker", "in": "query", "schema": { "type": "boolean" } },
          { "name": "marker", "in": "query", "schema": { "type": "string" } },
          { "name": "limit", "in": "query", "schema": { "type": "integer" } }
        ],
        "pagination": { "style": "cursor", "cursorParameter": "marker", "nextCursor": "/next_marker", "enableParameter": "usemarker", "items": "/entries" },
        "response": { "schema": { "type": "object", "properties": {
          "entries": { "type": "array", "items": { "$ref": "#/schemas/Item" } }, "next_marker": { "type": "string", "nullable": true }
        } } }
      }
    ]
    """;

    public const string Schemas = """{ "Item": { "type": "object", "properties": { "id": { "type": "string" }, "name": { "type": "string" } } } }""";

    public static string Description => DescriptionSamples.Valid(Operations, Schemas);
}
