using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Box;

/// <summary>
/// A slice of the Box Platform API 2.0: <c>GET users/me</c>, <c>GET folders/:id</c>, <c>GET folders/:id/items</c>,
/// <c>GET files/:id</c> and <c>POST folders</c>. A token that is not good gets Box's 401: an empty body and
/// <c>WWW-Authenticate: Bearer realm="Service", error="invalid_token", ...</c>; other errors are Box's JSON error object.
/// </summary>
internal sealed class BoxApiEndpoints(SandboxContext sandbox)
{
    private readonly BoxDrive _drive = new();

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("box/2.0/users/me", (HttpContext context) => Authenticate(context) ?? SandboxJson.Result(BoxDrive.User()));
        app.MapGet("box/2.0/folders/{folder_id}", (HttpContext context, string folder_id) =>
        {
            if (Authenticate(context) is { } denied) return denied;
            var (offset, limit) = Paging(context.Request, defaultLimit: 100);
            return _drive.Folder(folder_id, offset, limit) is { } folder ? SandboxJson.Result(folder) : NotFound();
        });
        app.MapGet("box/2.0/folders/{folder_id}/items", (HttpContext context, string folder_id) =>
        {
            if (Authenticate(context) is { } denied) return denied;
            var (offset, limit) = Paging(context.Request, defaultLimit: 100);
            // usemarker=true switches Box to marker pages: an opaque marker in, next_marker out, no offset or total.
            if (context.Request.Query["usemarker"] == "true")
            {
                var start = context.Request.Query["marker"].ToString() is { Length: > 0 } marker ? BoxDrive.MarkerOffset(marker) : 0;
                if (start is null) return BadMarker();
                return _drive.MarkerItems(folder_id, start.Value, limit) is { } page ? SandboxJson.Result(page) : NotFound();
            }

            return _drive.Items(folder_id, offset, limit) is { } items ? SandboxJson.Result(items) : NotFound();
        });
        app.MapGet("box/2.0/files/{file_id}", (HttpContext context, string file_id) =>
            Authenticate(context) ?? (_drive.File(file_id) is { } file ? SandboxJson.Result(file) : NotFound()));
        app.MapPost("box/2.0/folders", CreateFolderAsync);
        app.Map("box/2.0/{**path}", (HttpContext context) => Authenticate(context) ?? NotFound());
    }

    /// <summary>
    /// Null when the bearer token is good. Else Box's 401 with an empty body: without a token only
    /// <c>WWW-Authenticate: Bearer realm="Service"</c> (RFC 6750 §3.1), with a bad, expired or revoked one
    /// <c>error="invalid_token", error_description="The access token provided is invalid."</c>.
    /// </summary>
    private IResult? Authenticate(HttpContext context)
    {
        var token = BearerToken.Read(context.Request, allowTokenScheme: false);
        if (token is not null && sandbox.Tokens.Check(BoxEmulation.ProviderId, token) == AccessTokenStatus.Valid) return null;
        context.Response.Headers.WWWAuthenticate = token is null
            ? "Bearer realm=\"Service\""
            : "Bearer realm=\"Service\", error=\"invalid_token\", error_description=\"The access token provided is invalid.\"";
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    /// <summary>Box's <c>POST /folders</c>: <c>{"name": ..., "parent": {"id": ...}}</c>; 201 with the folder, 409 <c>item_name_in_use</c> on a name clash.</summary>
    private async Task<IResult> CreateFolderAsync(HttpRequest request)
    {
        var context = request.HttpContext;
        if (Authenticate(context) is { } denied) return denied;

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        var name = Text(body?["name"]);
        var parentId = Text(body?["parent"]?["id"]);
        if (string.IsNullOrWhiteSpace(name) || parentId is null)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request", "Bad Request", null);
        }

        var (created, conflict, parentFound) = _drive.CreateFolder(parentId, name, sandbox.Time.GetUtcNow());
        if (!parentFound) return NotFound();
        if (conflict is not null)
        {
            return Error(StatusCodes.Status409Conflict, "item_name_in_use", "Item with the same name already exists",
                new JsonObject { ["conflicts"] = new JsonArray(conflict) });
        }

        return SandboxJson.Result(created!, StatusCodes.Status201Created);
    }

    private static (int Offset, int Limit) Paging(HttpRequest request, int defaultLimit)
    {
        var offset = int.TryParse(request.Query["offset"], out var o) && o >= 0 ? o : 0;
        var limit = int.TryParse(request.Query["limit"], out var l) && l > 0 ? Math.Min(l, 1000) : defaultLimit;
        return (offset, limit);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.ToString() : null;

    private static IResult NotFound() => Error(StatusCodes.Status404NotFound, "not_found", "Not Found", null);

    private static IResult BadMarker() => Error(StatusCodes.Status400BadRequest, "bad_request", "Invalid marker", null);

    /// <summary>Box's error object: type, status, code, context_info (when there is some), help_url, message, request_id.</summary>
    private static IResult Error(int status, string code, string message, JsonObject? contextInfo)
    {
        var body = new JsonObject { ["type"] = "error", ["status"] = status, ["code"] = code };
        if (contextInfo is not null) body["context_info"] = contextInfo;
        body["help_url"] = "http://developers.box.com/docs/#errors";
        body["message"] = message;
        body["request_id"] = Guid.NewGuid().ToString("N")[..13];
        return SandboxJson.Result(body, status);
    }
}
