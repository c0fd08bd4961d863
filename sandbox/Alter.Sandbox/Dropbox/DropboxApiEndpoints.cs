using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Dropbox;

/// <summary>
/// A slice of the Dropbox API v2 (RPC: every call is a POST): <c>users/get_current_account</c> (no arguments: no body and no
/// Content-Type), <c>files/list_folder</c>, <c>files/list_folder/continue</c>, <c>files/get_metadata</c>,
/// <c>files/create_folder_v2</c> and <c>files/delete_v2</c> (a JSON body). Auth failures answer Dropbox's 401
/// (<c>expired_access_token</c>, <c>invalid_access_token</c>), bad calls its plain-text 400, route errors its 409.
/// </summary>
internal sealed class DropboxApiEndpoints(SandboxContext sandbox)
{
    public const string AccountId = "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc";

    private readonly DropboxFiles _files = new(sandbox.Time);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("dropbox/api/2/users/get_current_account", (HttpRequest request) => CallAsync(request, "users/get_current_account", "account_info.read", takesArguments: false, _ => SandboxJson.Result(CurrentAccount())));
        app.MapPost("dropbox/api/2/files/list_folder", (HttpRequest request) => CallAsync(request, "files/list_folder", "files.metadata.read", takesArguments: true, ListFolder));
        app.MapPost("dropbox/api/2/files/list_folder/continue", (HttpRequest request) => CallAsync(request, "files/list_folder/continue", "files.metadata.read", takesArguments: true, ListFolderContinue));
        app.MapPost("dropbox/api/2/files/get_metadata", (HttpRequest request) => CallAsync(request, "files/get_metadata", "files.metadata.read", takesArguments: true, GetMetadata));
        app.MapPost("dropbox/api/2/files/create_folder_v2", (HttpRequest request) => CallAsync(request, "files/create_folder_v2", "files.content.write", takesArguments: true, CreateFolder));
        app.MapPost("dropbox/api/2/files/delete_v2", (HttpRequest request) => CallAsync(request, "files/delete_v2", "files.content.write", takesArguments: true, Delete));
        app.Map("dropbox/api/2/{**path}", (HttpRequest request, string path) => Authenticate(request, path) ?? Results.Text("Unknown API function: \"" + path + "\"", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));
    }

    /// <summary>Dropbox's route error: <c>{"error_summary": ..., "error": {".tag": ...}}</c>.</summary>
    public static IResult Error(int status, string summary, JsonObject error) =>
        SandboxJson.Result(new JsonObject { ["error_summary"] = summary, ["error"] = error }, status);

    /// <summary>Dropbox's answer to a malformed call: HTTP 400, plain text naming the function.</summary>
    private static IResult BadInput(string function, string message) =>
        Results.Text($"Error in call to API function \"{function}\": {message}", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private async Task<IResult> CallAsync(HttpRequest request, string function, string scope, bool takesArguments, Func<JsonObject, IResult> handle)
    {
        if (Authenticate(request, function) is { } denied) return denied;
        if (!sandbox.Tokens.GrantedScopes(DropboxEmulation.ProviderId, BearerToken.Read(request, allowTokenScheme: false)!).Contains(scope))
        {
            // Dropbox's answer to a live token without the function's scope: 401, like a dead token, but missing_scope.
            return Error(StatusCodes.Status401Unauthorized, "missing_scope/", new JsonObject { [".tag"] = "missing_scope", ["required_scope"] = scope });
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var contentType = request.ContentType;
        if (!takesArguments)
        {
            // A function without arguments takes no body (or the JSON null with a JSON content type).
            if (contentType is null && text.Length == 0) return handle([]);
            if (contentType is not null && IsJson(contentType) && text.Trim() == "null") return handle([]);
            return contentType is null || IsJson(contentType)
                ? BadInput(function, "request body: could not decode input as JSON")
                : BadInput(function, $"Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"application/json\", \"application/json; charset=utf-8\", \"text/plain; charset=dropbox-cors-hack\".");
        }

        if (contentType is null || !IsJson(contentType))
        {
            return BadInput(function, $"Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"application/json\", \"application/json; charset=utf-8\", \"text/plain; charset=dropbox-cors-hack\".");
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject arguments ? handle(arguments) : BadInput(function, "request body: expected an object");
        }
        catch (JsonException)
        {
            return BadInput(function, "request body: could not decode input as JSON");
        }
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the bearer token is good; else Dropbox's 401 (or its 400 when there is no Authorization header).</summary>
    private IResult? Authenticate(HttpRequest request, string function)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null) return BadInput(function, "Must provide HTTP header \"Authorization\" or URL parameter \"authorization\".");
        return sandbox.Tokens.Check(DropboxEmulation.ProviderId, token) switch
        {
            AccessTokenStatus.Valid => null,
            AccessTokenStatus.Expired => Error(StatusCodes.Status401Unauthorized, "expired_access_token/..", new JsonObject { [".tag"] = "expired_access_token" }),
            _ => Error(StatusCodes.Status401Unauthorized, "invalid_access_token/...", new JsonObject { [".tag"] = "invalid_access_token" }),
        };
    }

    private IResult ListFolder(JsonObject arguments)
    {
        if (arguments["path"]?.GetValue<string>() is not { } path) return BadInput("files/list_folder", "request body: missing required field 'path'");
        var recursive = arguments["recursive"]?.GetValue<bool>() ?? false;
        var limit = arguments["limit"] is JsonValue l && l.TryGetValue<int>(out var n) ? Math.Clamp(n, 1, 2000) : 2000;
        return _files.IsFolder(path)
            ? Page(new Cursor(path, recursive, limit, 0))
            : Error(StatusCodes.Status409Conflict, _files.Exists(path) ? "path/not_folder/.." : "path/not_found/..",
                PathError("path", _files.Exists(path) ? "not_folder" : "not_found"));
    }

    private IResult ListFolderContinue(JsonObject arguments)
    {
        var cursor = Cursor.Parse(arguments["cursor"]?.GetValue<string>());
        return cursor is null
            ? BadInput("files/list_folder/continue", "Invalid \"cursor\" parameter: \"Bad cursor\"")
            : Page(cursor);
    }

    private IResult Page(Cursor cursor)
    {
        var entries = _files.List(cursor.Path, cursor.Recursive);
        var page = entries.Skip(cursor.Offset).Take(cursor.Limit).ToList();
        var next = cursor with { Offset = cursor.Offset + page.Count };
        return SandboxJson.Result(new JsonObject
        {
            ["entries"] = new JsonArray([.. page.Select(e => e.ToJson(tagged: true))]),
            ["cursor"] = next.Encode(),
            ["has_more"] = next.Offset < entries.Count,
        });
    }

    private IResult GetMetadata(JsonObject arguments) =>
        arguments["path"]?.GetValue<string>() is { } path && _files.Find(path) is { } entry
            ? SandboxJson.Result(entry.ToJson(tagged: true))
            : Error(StatusCodes.Status409Conflict, "path/not_found/..", PathError("path", "not_found"));

    private IResult CreateFolder(JsonObject arguments)
    {
        if (arguments["path"]?.GetValue<string>() is not { } path) return BadInput("files/create_folder_v2", "request body: missing required field 'path'");
        var folder = _files.CreateFolder(path, arguments["autorename"]?.GetValue<bool>() ?? false);
        return folder is null
            ? Error(StatusCodes.Status409Conflict, "path/conflict/folder/..", new JsonObject
            {
                [".tag"] = "path",
                ["path"] = new JsonObject { [".tag"] = "conflict", ["conflict"] = new JsonObject { [".tag"] = "folder" } },
            })
            : SandboxJson.Result(new JsonObject { ["metadata"] = folder.ToJson(tagged: false) });
    }

    private IResult Delete(JsonObject arguments) =>
        arguments["path"]?.GetValue<string>() is { } path && _files.Delete(path) is { } deleted
            ? SandboxJson.Result(new JsonObject { ["metadata"] = deleted.ToJson(tagged: true) })
            : Error(StatusCodes.Status409Conflict, "path_lookup/not_found/..", PathError("path_lookup", "not_found"));

    private static JsonObject PathError(string tag, string reason) =>
        new() { [".tag"] = tag, [tag] = new JsonObject { [".tag"] = reason } };

    private static JsonObject CurrentAccount() => new()
    {
        ["account_id"] = AccountId,
        ["name"] = new JsonObject
        {
            ["given_name"] = "Ada",
            ["surname"] = "Lovelace",
            ["familiar_name"] = "Ada",
            ["display_name"] = "Ada Lovelace",
            ["abbreviated_name"] = "AL",
        },
        ["email"] = "ada@example.com",
        ["email_verified"] = true,
        ["disabled"] = false,
        ["country"] = "GB",
        ["locale"] = "en",
        ["referral_link"] = "https://db.tt/ZITNuhtI",
        ["is_paired"] = false,
        ["account_type"] = new JsonObject { [".tag"] = "basic" },
        ["root_info"] = new JsonObject
        {
            [".tag"] = "user",
            ["root_namespace_id"] = "3235641",
            ["home_namespace_id"] = "3235641",
        },
    };

    /// <summary>Where a listing stands; handed out as an opaque string, as Dropbox's cursors are.</summary>
    private sealed record Cursor(string Path, bool Recursive, int Limit, int Offset)
    {
        public string Encode() =>
            "AAF" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', Path, Recursive, Limit.ToString(CultureInfo.InvariantCulture), Offset.ToString(CultureInfo.InvariantCulture))));

        public static Cursor? Parse(string? value)
        {
            if (value is null || !value.StartsWith("AAF", StringComparison.Ordinal)) return null;
            try
            {
                var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value.AsSpan(3))).Split('\n');
                return parts.Length == 4
                    && bool.TryParse(parts[1], out var recursive)
                    && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var limit)
                    && int.TryParse(parts[3], CultureInfo.InvariantCulture, out var offset)
                    ? new Cursor(parts[0], recursive, limit, offset)
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
