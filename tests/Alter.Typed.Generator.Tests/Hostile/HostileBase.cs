namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>
/// A valid description that holds every field <c>providers/provider.schema.json</c> defines at least once (the suite
/// checks that against the schema), so a payload can be put into each of them.
/// </summary>
internal static class HostileBase
{
    public const string Path = "/catalog/hostile/hostile.provider.json";

    public const string Text = """
        {
          "$schema": "../provider.schema.json",
          "$comment": "A base for the hostile-input suite.",
          "formatVersion": 1,
          "id": "hostile",
          "name": "Hostile",
          "description": "A provider made to be attacked.",
          "docsUrl": "https://docs.hostile.test/",
          "source": { "url": "https://specs.hostile.test/openapi.json", "version": "1.0", "date": "2026-01", "license": "MIT" },
          "defaultOperations": [ "*" ],
          "x-note": "an extension",
          "connectionValues": [ { "name": "tenant", "description": "The tenant.", "pattern": "^[a-z]+$" } ],
          "auth": {
            "kind": "oauth2",
            "authorizationUrl": "https://{tenant}.hostile.test/authorize",
            "tokenUrl": "https://{tenant}.hostile.test/token",
            "refreshUrl": "https://{tenant}.hostile.test/refresh",
            "revocationUrl": "https://{tenant}.hostile.test/revoke",
            "revocationStyle": "rfc7009",
            "scopeSeparator": " ",
            "pkce": true,
            "defaultScopes": [ "read" ],
            "clientAuthentication": "client_secret_post",
            "token": { "in": "header", "name": "Authorization", "prefix": "Bearer ", "x-note": "an extension" },
            "authorizationParameters": { "access_type": "offline" },
            "userScopeParameter": "user_scope",
            "x-note": "an extension"
          },
          "api": {
            "baseUrl": "https://{tenant}.hostile.test/v1/",
            "allowedHosts": [ "{tenant}.hostile.test" ],
            "jsonNaming": "snake_case",
            "headers": { "X-Version": "1" },
            "x-note": "an extension"
          },
          "errors": { "okProperty": "ok", "codeProperty": "error", "reauthCodes": [ "invalid_auth" ], "reauthStatus": [ 401 ], "x-note": "an extension" },
          "operations": [
            {
              "id": "items.get",
              "method": "GET",
              "path": "items/{item_id}",
              "summary": "Gets an item.",
              "description": "Gets one item by its id.",
              "docsUrl": "https://docs.hostile.test/items/get",
              "scopes": [ "read" ],
              "group": "items",
              "name": "get",
              "x-note": "an extension",
              "parameters": [
                { "name": "item_id", "in": "path", "required": true, "schema": { "type": "string" }, "description": "The item." },
                { "name": "fields", "in": "query", "explode": false, "schema": { "type": "array", "items": { "type": "string", "enum": [ "a", "b" ] } }, "description": "Fields.", "x-note": "an extension" },
                { "name": "X-Trace", "in": "header", "schema": { "type": "string", "format": "uuid", "default": "none" } }
              ],
              "response": { "status": 200, "contentType": "application/json", "description": "The item.", "schema": { "$ref": "#/schemas/Item" }, "x-note": "an extension" }
            },
            {
              "id": "items.create",
              "method": "POST",
              "path": "items",
              "requestBody": { "contentType": "application/json", "required": true, "description": "The new item.", "schema": { "$ref": "#/schemas/Item" }, "x-note": "an extension" },
              "response": { "schema": { "$ref": "#/schemas/Item" } }
            },
            {
              "id": "items.list",
              "method": "GET",
              "path": "items",
              "parameters": [
                { "name": "cursor", "in": "query", "schema": { "type": "string" } },
                { "name": "all", "in": "query", "schema": { "type": "boolean" } }
              ],
              "pagination": { "style": "cursor", "cursorParameter": "cursor", "nextCursor": "/meta/next", "hasMore": "/more", "enableParameter": "all", "items": "/data", "name": "every", "x-note": "an extension" },
              "response": { "schema": { "$ref": "#/schemas/Page" } }
            },
            {
              "id": "items.feed",
              "method": "GET",
              "path": "feed",
              "pagination": { "style": "nextLink", "nextLink": "/@next", "items": "/data" },
              "response": { "schema": { "$ref": "#/schemas/Page" } }
            },
            {
              "id": "items.browse",
              "method": "GET",
              "path": "browse",
              "parameters": [
                { "name": "offset", "in": "query", "schema": { "type": "integer" } },
                { "name": "limit", "in": "query", "schema": { "type": "integer" } }
              ],
              "pagination": { "style": "offset", "offsetParameter": "offset", "limitParameter": "limit", "total": "/total", "items": "/data" },
              "response": { "schema": { "$ref": "#/schemas/Page" } }
            }
          ],
          "schemas": {
            "Item": {
              "type": "object",
              "description": "An item.",
              "title": "Item",
              "required": [ "id" ],
              "$comment": "a comment",
              "x-note": "an extension",
              "properties": {
                "id": {
                  "type": "string", "format": "uuid", "description": "The id.", "default": "x", "enum": [ "x", "y" ], "example": "x", "examples": [ "x" ],
                  "pattern": "^.*$", "const": "x", "minLength": 1, "maxLength": 9, "deprecated": false, "readOnly": false, "writeOnly": false,
                  "title": "Id", "nullable": false, "$comment": "a comment", "x-note": "an extension"
                },
                "createdAt": { "type": "string", "format": "date-time", "description": "Not snake_case: it needs [JsonPropertyName]." },
                "count": { "type": "integer", "format": "int32", "minimum": 0, "maximum": 9, "exclusiveMinimum": "0", "exclusiveMaximum": "10", "multipleOf": 1 },
                "tags": { "type": "array", "items": { "type": "string" }, "minItems": 0, "maxItems": 9, "uniqueItems": true },
                "meta": { "type": "object", "additionalProperties": { "type": "string" }, "minProperties": 0, "maxProperties": 9 },
                "child": { "type": "object", "properties": { "label": { "type": "string", "description": "A label." } } },
                "color": { "$ref": "#/schemas/Color", "description": "The color." },
                "one": { "oneOf": [ { "type": "string" } ], "discriminator": "kind", "externalDocs": "https://docs.hostile.test/", "xml": "one" },
                "any": { "anyOf": [ { "type": "string" } ] },
                "all": { "allOf": [ { "type": "string" } ] },
                "none": { "not": { "type": "string" } }
              }
            },
            "Page": {
              "type": "object",
              "properties": {
                "data": { "type": "array", "items": { "$ref": "#/schemas/Item" } },
                "more": { "type": "boolean" },
                "total": { "type": "integer" },
                "meta": { "type": "object", "properties": { "next": { "type": "string" } } },
                "@next": { "type": "string" }
              }
            },
            "Color": { "type": "string", "enum": [ "red", "green" ], "default": "red" }
          }
        }
        """;
}
