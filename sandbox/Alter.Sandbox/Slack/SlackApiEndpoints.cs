using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Slack;

/// <summary>A slice of the Slack Web API: <c>chat.postMessage</c>, <c>auth.test</c>, <c>conversations.list</c>, <c>files.upload</c>, each checking its scope.</summary>
internal sealed class SlackApiEndpoints(SandboxContext sandbox)
{
    private readonly SlackWorkspace _workspace = new(sandbox.Time);

    public void Map(IEndpointRouteBuilder app)
    {
        string[] getOrPost = [HttpMethods.Get, HttpMethods.Post];
        app.MapMethods("slack/api/chat.postMessage", getOrPost, PostMessageAsync);
        app.MapMethods("slack/api/auth.test", getOrPost, AuthTest);
        app.MapMethods("slack/api/conversations.list", getOrPost, ListConversationsAsync);
        app.MapPost("slack/api/files.upload", UploadFileAsync);
        app.Map("slack/api/{method}", (string method) => SandboxJson.Result(
            new JsonObject { ["ok"] = false, ["error"] = "unknown_method", ["req_method"] = method },
            StatusCodes.Status404NotFound));
    }

    /// <summary>
    /// Null when the bearer token is good and was granted <paramref name="scope"/> (if any), else Slack's answer (HTTP 200,
    /// <c>ok:false</c>): for a missing scope, <c>missing_scope</c> with the scope <c>needed</c> and the ones <c>provided</c>.
    /// </summary>
    private IResult? Authenticate(HttpRequest request, string? scope = null) => Authenticate(sandbox, request, scope);

    /// <summary>Slack's answer to a request without a valid token, or without <paramref name="scope"/>; null when it may go on.</summary>
    internal static IResult? Authenticate(SandboxContext sandbox, HttpRequest request, string? scope)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null) return SlackJson.Error("not_authed");
        var denied = sandbox.Tokens.Check(SandboxProviders.Slack, token) switch
        {
            AccessTokenStatus.Valid => null,
            AccessTokenStatus.Expired => SlackJson.Error("token_expired"),
            _ => SlackJson.Error("invalid_auth"),
        };
        if (denied is not null || scope is null) return denied;
        var granted = sandbox.Tokens.GrantedScopes(SandboxProviders.Slack, token);
        return granted.Contains(scope)
            ? null
            : SlackJson.Ok(new JsonObject { ["ok"] = false, ["error"] = "missing_scope", ["needed"] = scope, ["provided"] = string.Join(',', granted) });
    }

    /// <summary>Slack's (legacy) <c>files.upload</c>: a multipart body with a <c>file</c> part and optional fields.</summary>
    private async Task<IResult> UploadFileAsync(HttpRequest request)
    {
        if (Authenticate(request, "files:write") is { } denied) return denied;
        if (!request.HasFormContentType) return SlackJson.Error("invalid_form_data");
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var file = form.Files.GetFile("file");
        if (file is null && form["content"].Count == 0) return SlackJson.Error("no_file_data");
        var name = file?.FileName ?? form["filename"].ToString();
        return SlackJson.Ok(new JsonObject
        {
            ["ok"] = true,
            ["file"] = new JsonObject
            {
                ["id"] = "F0" + _workspace.NextTs().Replace(".", "", StringComparison.Ordinal)[^8..],
                ["name"] = name,
                ["title"] = form["title"].Count > 0 ? form["title"].ToString() : name,
                ["mimetype"] = file?.ContentType ?? "text/plain",
                ["size"] = file?.Length ?? Encoding.UTF8.GetByteCount(form["content"].ToString()),
                ["channels"] = new JsonArray([.. form["channels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => (JsonNode?)JsonValue.Create(SlackWorkspace.Find(c.Trim())?.Id ?? c.Trim()))]),
            },
        });
    }

    private async Task<IResult> PostMessageAsync(HttpRequest request)
    {
        if (Authenticate(request, "chat:write") is { } denied) return denied;
        var args = await SlackArguments.ReadAsync(request);
        if (args.InvalidJson) return SlackJson.Error("invalid_json");

        var channel = SlackWorkspace.Find(args.Get("channel"));
        if (channel is null) return SlackJson.Error("channel_not_found");
        if (channel.IsArchived) return SlackJson.Error("is_archived");

        var text = args.Get("text");
        var blocks = args.Get("blocks");
        if (text is null && blocks is null && args.Get("attachments") is null) return SlackJson.Error("no_text");

        JsonNode? parsedBlocks = null;
        if (blocks is not null)
        {
            try { parsedBlocks = JsonNode.Parse(blocks); }
            catch (JsonException) { return SlackJson.Error("invalid_blocks"); }
            if (parsedBlocks is not JsonArray) return SlackJson.Error("invalid_blocks");
        }

        var ts = _workspace.NextTs();
        var message = new JsonObject
        {
            ["type"] = "message",
            ["user"] = SlackWorkspace.UserId,
            ["text"] = text ?? "",
            ["ts"] = ts,
            ["bot_id"] = SlackWorkspace.BotId,
            ["app_id"] = SlackWorkspace.AppId,
            ["team"] = SlackWorkspace.TeamId,
        };
        if (args.Get("thread_ts") is { } threadTs) message["thread_ts"] = threadTs;
        if (parsedBlocks is not null) message["blocks"] = parsedBlocks;

        sandbox.State.RecordMessage(new SandboxMessage(channel.Id, text ?? "", ts));
        return SlackJson.Ok(new JsonObject { ["ok"] = true, ["channel"] = channel.Id, ["ts"] = ts, ["message"] = message });
    }

    private IResult AuthTest(HttpRequest request) =>
        Authenticate(request) ?? SlackJson.Ok(new JsonObject
        {
            ["ok"] = true,
            ["url"] = "https://sandbox.slack.com/",
            ["team"] = SlackWorkspace.TeamName,
            ["user"] = SlackWorkspace.UserName,
            ["team_id"] = SlackWorkspace.TeamId,
            ["user_id"] = SlackWorkspace.UserId,
            ["bot_id"] = SlackWorkspace.BotId,
            ["is_enterprise_install"] = false,
        });

    private async Task<IResult> ListConversationsAsync(HttpRequest request)
    {
        // Public channels, the default type, need channels:read (private ones groups:read, which the sandbox has none of).
        if (Authenticate(request, "channels:read") is { } denied) return denied;
        var args = await SlackArguments.ReadAsync(request);
        if (args.InvalidJson) return SlackJson.Error("invalid_json");

        var limit = int.TryParse(args.Get("limit"), out var l) ? Math.Clamp(l, 1, 1000) : 100;
        var types = (args.Get("types") ?? "public_channel").Split(',', StringSplitOptions.TrimEntries);
        var channels = SlackWorkspace.Channels
            .Where(c => types.Contains("public_channel") && !(c.IsArchived && args.IsTrue("exclude_archived")))
            .ToList();

        if (SlackCursor.Page(channels, c => c.Id, "channel", args.Get("cursor"), limit) is not { } paged) return SlackJson.Error("invalid_cursor");
        var (page, next) = paged;
        return SlackJson.Ok(new JsonObject
        {
            ["ok"] = true,
            ["channels"] = new JsonArray([.. page.Select(c => (JsonNode)SlackWorkspace.ToJson(c))]),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }
}
