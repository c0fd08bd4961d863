using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.MicrosoftGraph;

/// <summary>
/// A slice of Microsoft Graph v1.0 for the signed-in user: <c>me</c>, <c>me/messages</c>, <c>me/sendMail</c>,
/// <c>me/events</c> (list, create) and <c>me/drive/root/children</c>, with Graph's error object; a missing, unknown or
/// expired token answers 401 <c>InvalidAuthenticationToken</c>.
/// </summary>
internal sealed class MicrosoftGraphEndpoints(SandboxContext sandbox)
{
    public const string UserId = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
    public const string UserMail = "ada@example.com";
    private const string Root = "microsoft/graph/v1.0/";
    private const string GraphBase = "https://graph.microsoft.com/v1.0/";

    private readonly MicrosoftMailbox _mailbox = new(sandbox.Time);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Root + "me", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(Select(Me(), request, "users/$entity")));
        app.MapGet(Root + "me/messages", (HttpRequest request) => Authenticate(request) ?? Page(request, "me/messages", "users('" + UserId + "')/messages", _mailbox.Messages(), defaultTop: 10));
        app.MapPost(Root + "me/sendMail", SendMailAsync);
        app.MapGet(Root + "me/events", (HttpRequest request) => Authenticate(request) ?? ListEvents(request));
        app.MapPost(Root + "me/events", CreateEventAsync);
        app.MapGet(Root + "me/drive/root/children", (HttpRequest request) => Authenticate(request) ?? Page(request, "me/drive/root/children", "users('" + UserId + "')/drive/root/children", DriveRootChildren(), defaultTop: 200));
        app.Map(Root + "{**path}", (HttpRequest request, string path) => Authenticate(request)
            ?? Error(StatusCodes.Status400BadRequest, "BadRequest", $"Resource not found for the segment '{path.Split('/')[0]}'."));
    }

    /// <summary>Null when the bearer token is good; else Graph's 401 <c>InvalidAuthenticationToken</c>.</summary>
    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null) return Error(StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", "Access token is empty.");
        return sandbox.Tokens.Check(MicrosoftEmulation.ProviderId, token) switch
        {
            AccessTokenStatus.Valid => null,
            AccessTokenStatus.Expired => Error(StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", "Access token has expired or is not yet valid."),
            _ => Error(StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", "Access token validation failure."),
        };
    }

    /// <summary>Graph's error object: <c>{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}</c>.</summary>
    private IResult Error(int status, string code, string message)
    {
        var requestId = Guid.NewGuid().ToString("D");
        return SandboxJson.Result(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject
                {
                    ["date"] = sandbox.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                    ["request-id"] = requestId,
                    ["client-request-id"] = requestId,
                },
            },
        }, status);
    }

    /// <summary>A collection page: <c>@odata.context</c>, <c>value</c> and, when more remain, <c>@odata.nextLink</c> ($top/$skip).</summary>
    private static IResult Page(HttpRequest request, string path, string context, IReadOnlyList<JsonObject> items, int defaultTop)
    {
        var top = int.TryParse(request.Query["$top"], CultureInfo.InvariantCulture, out var t) ? Math.Clamp(t, 1, 1000) : defaultTop;
        var skip = int.TryParse(request.Query["$skip"], CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : 0;
        var page = items.Skip(skip).Take(top).Select(item => Select(item, request, null)).ToList();
        var body = new JsonObject
        {
            ["@odata.context"] = $"{GraphBase}$metadata#{context}",
            ["value"] = new JsonArray([.. page]),
        };
        // Graph's next link is an absolute URL on Graph's own host: here, the sandbox's.
        if (skip + page.Count < items.Count) body["@odata.nextLink"] = $"{request.Scheme}://{request.Host}{request.PathBase}/{Root}{path}?$top={top}&$skip={skip + page.Count}";
        return SandboxJson.Result(body);
    }

    /// <summary>Applies <c>$select</c> (the id is always kept); an entity gets its <c>@odata.context</c>.</summary>
    private static JsonObject Select(JsonObject item, HttpRequest request, string? entityContext)
    {
        var selected = request.Query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new JsonObject();
        if (entityContext is not null) result["@odata.context"] = $"{GraphBase}$metadata#{entityContext}";
        foreach (var (name, value) in item)
        {
            if (selected.Length == 0 || name == "id" || selected.Contains(name, StringComparer.OrdinalIgnoreCase)) result[name] = value?.DeepClone();
        }

        return result;
    }

    private async Task<IResult> SendMailAsync(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        var body = await ReadBodyAsync(request);
        if (body?["message"] is not JsonObject message)
        {
            return Error(StatusCodes.Status400BadRequest, "ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
        }

        if (message["toRecipients"] is not JsonArray { Count: > 0 } && message["ccRecipients"] is not JsonArray { Count: > 0 } && message["bccRecipients"] is not JsonArray { Count: > 0 })
        {
            return Error(StatusCodes.Status400BadRequest, "ErrorInvalidRecipients", "At least one recipient is not valid., Recipient '' is not resolved. All recipients must be resolved before a message can be submitted.");
        }

        var save = body["saveToSentItems"] is not JsonValue v || !v.TryGetValue<bool>(out var flag) || flag;
        _mailbox.Send(message, save);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private IResult ListEvents(HttpRequest request)
    {
        // Prefer: outlook.timezone="Pacific Standard Time" gives start and end in that zone; UTC otherwise.
        var zone = MicrosoftMailbox.PreferredTimeZone(request.Headers["Prefer"].ToString());
        if (zone is not null) request.HttpContext.Response.Headers["Preference-Applied"] = $"outlook.timezone=\"{zone.Value.Name}\"";
        var events = _mailbox.Events().Select(e => e.ToJson(zone?.Zone, zone?.Name)).ToList();
        return Page(request, "me/events", "users('" + UserId + "')/events", events, defaultTop: 10);
    }

    private async Task<IResult> CreateEventAsync(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        var body = await ReadBodyAsync(request);
        if (body is null) return Error(StatusCodes.Status400BadRequest, "BadRequest", "Empty Payload. JSON content expected.");
        var (created, problem) = _mailbox.CreateEvent(body);
        if (created is null) return Error(StatusCodes.Status400BadRequest, problem.Code, problem.Message);

        var json = created.ToJson(null, null, asCreated: true);
        json.Insert(0, "@odata.context", $"{GraphBase}$metadata#users('{UserId}')/events/$entity");
        return SandboxJson.Result(json, StatusCodes.Status201Created);
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpRequest request)
    {
        try { return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private static JsonObject Me() => new()
    {
        ["businessPhones"] = new JsonArray("+44 20 7946 0123"),
        ["displayName"] = "Ada Lovelace",
        ["givenName"] = "Ada",
        ["jobTitle"] = "Analyst",
        ["mail"] = UserMail,
        ["mobilePhone"] = null,
        ["officeLocation"] = "London",
        ["preferredLanguage"] = "en-GB",
        ["surname"] = "Lovelace",
        ["userPrincipalName"] = UserMail,
        ["id"] = UserId,
    };

    private static List<JsonObject> DriveRootChildren()
    {
        var parent = new JsonObject { ["driveType"] = "personal", ["driveId"] = "b!sandboxdrive", ["id"] = "01BYE5RZ56Y2GOVW7725BZO354PWSELRRZ", ["path"] = "/drive/root:" };
        return
        [
            new JsonObject
            {
                ["createdDateTime"] = "2024-01-10T09:15:00Z",
                ["eTag"] = "\"{9B2A43F6-9D2E-4E1A-8C1B-4A3D2C1B0A99},1\"",
                ["id"] = "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K",
                ["lastModifiedDateTime"] = "2024-04-22T16:40:12Z",
                ["name"] = "Documents",
                ["webUrl"] = "https://onedrive.live.com/?id=root%2FDocuments",
                ["cTag"] = "\"c:{9B2A43F6-9D2E-4E1A-8C1B-4A3D2C1B0A99},0\"",
                ["size"] = 1_048_576L,
                ["parentReference"] = parent.DeepClone(),
                ["folder"] = new JsonObject { ["childCount"] = 4 },
            },
            new JsonObject
            {
                ["@microsoft.graph.downloadUrl"] = "https://public.sn3302.livefilestore.com/y4mSandboxDownload/Budget.xlsx",
                ["createdDateTime"] = "2024-02-01T11:00:00Z",
                ["eTag"] = "\"{3C1B0A99-2E4E-4A1D-8C1B-9B2A43F69D2E},3\"",
                ["id"] = "01BYE5RZ4WJZQHGT4TJJAJ4C3F6FZJQBVW",
                ["lastModifiedDateTime"] = "2024-04-30T08:05:41Z",
                ["name"] = "Budget.xlsx",
                ["webUrl"] = "https://onedrive.live.com/?id=root%2FBudget.xlsx",
                ["cTag"] = "\"c:{3C1B0A99-2E4E-4A1D-8C1B-9B2A43F69D2E},3\"",
                ["size"] = 18_732L,
                ["parentReference"] = parent.DeepClone(),
                ["file"] = new JsonObject
                {
                    ["mimeType"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ["hashes"] = new JsonObject { ["quickXorHash"] = "dF5Zb1bNo1XMsSCD5jTpX9ZXB0s=" },
                },
            },
        ];
    }
}
