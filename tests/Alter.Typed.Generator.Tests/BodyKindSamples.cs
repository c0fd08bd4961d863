namespace Alter.Typed.Generator.Tests;

/// <summary>
/// A small description with each body kind beyond JSON and form: a multipart upload (file, text, number, flag, date and
/// JSON parts), a raw body, and answers that are text or bytes.
/// </summary>
internal static class BodyKindSamples
{
    public const string Operations = """
        [
          {
            "id": "files/upload", "method": "POST", "path": "channels/{channel}/files",
            "summary": "Uploads a file.",
            "parameters": [
              { "name": "channel", "in": "path", "schema": { "type": "string" } },
              { "name": "notify", "in": "query", "schema": { "type": "boolean" } }
            ],
            "requestBody": {
              "contentType": "multipart/form-data", "required": true,
              "schema": {
                "type": "object", "required": ["file", "title"],
                "properties": {
                  "file": { "type": "string", "format": "binary", "description": "The file." },
                  "title": { "type": "string" },
                  "thumbnail": { "type": "string", "format": "binary" },
                  "size_hint": { "type": "integer", "format": "int32" },
                  "weight": { "type": "number" },
                  "public": { "type": "boolean" },
                  "expires_at": { "type": "string", "format": "date-time" },
                  "tags": { "type": "array", "items": { "type": "string" } },
                  "meta": { "type": "object", "properties": { "source": { "type": "string" } } }
                }
              }
            },
            "response": { "status": 201, "schema": { "$ref": "#/schemas/File" } }
          },
          {
            "id": "files/replace", "method": "PUT", "path": "files/{id}/content",
            "parameters": [
              { "name": "id", "in": "path", "schema": { "type": "string" } },
              { "name": "if_match", "in": "header", "schema": { "type": "string" } }
            ],
            "requestBody": { "contentType": "image/jpeg", "required": true, "description": "The new image." },
            "response": { "status": 204 }
          },
          {
            "id": "markdown/render", "method": "POST", "path": "markdown/raw",
            "requestBody": { "contentType": "text/plain", "schema": { "type": "string" } },
            "response": { "contentType": "text/html", "description": "The rendered HTML." }
          },
          {
            "id": "files/download", "method": "GET", "path": "files/{id}/content",
            "parameters": [ { "name": "id", "in": "path", "schema": { "type": "string" } } ],
            "response": { "contentType": "application/octet-stream", "description": "The file's bytes." }
          }
        ]
        """;

    public const string Schemas = """
        {
          "File": {
            "type": "object", "required": ["id"],
            "properties": { "id": { "type": "string" }, "data": { "type": "string", "format": "binary" } }
          }
        }
        """;

    public static string Description => DescriptionSamples.Valid(Operations, Schemas);

    public const string Consumer = """
        using System.IO;
        using System.Threading.Tasks;
        using Alter.Typed;

        namespace Consumer;

        internal static class Program
        {
            internal static async Task Run(App app)
            {
                var client = app.Demo;
                var file = await client.Files.Upload("C1", new()
                {
                    File = new FilePart(new MemoryStream(new byte[] { 1, 2 }), "a.bin"),
                    Title = "A",
                    SizeHint = 2,
                    Notify = true,
                });
                string id = file.Id;
                string? data = file.Data;
                await client.Files.Replace("F1", new RawBody(new MemoryStream(), "image/jpeg"), ifMatch: "etag");
                string html = await client.Markdown.Render(RawBody.FromText("# Hi"));
                byte[] bytes = await client.Files.Download(id);
                System.Console.WriteLine($"{html} {bytes.Length} {data}");
            }
        }
        """;
}
