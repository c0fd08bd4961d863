using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alter.Typed.Paging;

/// <summary>
/// The body of a page whose cursor is a body property (Notion's <c>start_cursor</c> in a POST search): the caller's body
/// with that one property set, written as the operation's JSON or form body.
/// </summary>
internal static class PageBody
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static HttpContent With(OperationDescriptor operation, JsonElement? body, string field, string value)
    {
        var json = body is { ValueKind: JsonValueKind.Object } element ? JsonObject.Create(element)! : [];
        json[field] = value;
        if (operation.Body == BodyKind.Form)
        {
            using var document = JsonDocument.Parse(json.ToJsonString());
            return OperationSender.FormContent(document.RootElement);
        }

        if (operation.Body is not (BodyKind.Json or BodyKind.None))
            throw new ArgumentException($"Operation {operation.Id} takes a {operation.Body} body: a page cursor cannot be written into it.");
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(json, JsonNodeContext.Default.JsonObject));
        content.Headers.ContentType = Json;
        return content;
    }
}

/// <summary>Source-generated metadata for writing a <see cref="JsonObject"/> (no reflection: trimming and Native AOT).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonNodeContext : System.Text.Json.Serialization.JsonSerializerContext;
