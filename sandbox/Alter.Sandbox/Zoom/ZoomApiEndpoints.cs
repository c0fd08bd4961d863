using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Zoom;

/// <summary>
/// A slice of the Zoom API v2: <c>users/me</c>, the user's meetings (list, create) and one meeting (get, update, delete),
/// with Zoom's 401 bodies (<c>{"code":124,"message":"Access token is expired."}</c> or <c>"Invalid access token."</c>).
/// </summary>
internal sealed class ZoomApiEndpoints(SandboxContext sandbox)
{
    public const string UserId = "KDcuGIm1QgePTO8WbOqwIQ";
    public const string UserEmail = "ada@example.com";

    private readonly ZoomMeetings _meetings = new(sandbox.Time);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("zoom/api/v2/users/me", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(CurrentUser()));
        app.MapGet("zoom/api/v2/users/me/meetings", (HttpRequest request) => Authenticate(request) ?? List(request));
        app.MapPost("zoom/api/v2/users/me/meetings", CreateAsync);
        app.MapGet("zoom/api/v2/meetings/{meetingId}", (HttpRequest request, string meetingId) => Authenticate(request) ?? Get(meetingId));
        app.MapMethods("zoom/api/v2/meetings/{meetingId}", ["PATCH"], UpdateAsync);
        app.MapDelete("zoom/api/v2/meetings/{meetingId}", (HttpRequest request, string meetingId) => Authenticate(request) ?? Delete(meetingId));
        app.Map("zoom/api/v2/{**path}", (HttpRequest request) => Authenticate(request) ?? Error(StatusCodes.Status404NotFound, 404, "Not Found"));
    }

    /// <summary>Null when the bearer token is good; else Zoom's 401 with code 124.</summary>
    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        var status = token is null ? AccessTokenStatus.Unknown : sandbox.Tokens.Check(ZoomEmulation.ProviderId, token);
        return status switch
        {
            AccessTokenStatus.Valid => null,
            AccessTokenStatus.Expired => Error(StatusCodes.Status401Unauthorized, 124, "Access token is expired."),
            _ => Error(StatusCodes.Status401Unauthorized, 124, "Invalid access token."),
        };
    }

    /// <summary>Zoom's error object: <c>{"code": ..., "message": ...}</c>.</summary>
    private static IResult Error(int status, int code, string message) =>
        SandboxJson.Result(new JsonObject { ["code"] = code, ["message"] = message }, status);

    private IResult List(HttpRequest request)
    {
        var pageSize = int.TryParse(request.Query["page_size"], CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 300) : 30;
        var offset = int.TryParse(request.Query["next_page_token"], CultureInfo.InvariantCulture, out var token) && token >= 0 ? token : 0;
        var all = _meetings.All();
        var page = all.Skip(offset).Take(pageSize).ToList();
        return SandboxJson.Result(new JsonObject
        {
            ["page_size"] = pageSize,
            ["total_records"] = all.Count,
            ["next_page_token"] = offset + page.Count < all.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "",
            ["meetings"] = new JsonArray([.. page.Select(m => m.Summary())]),
        });
    }

    private async Task<IResult> CreateAsync(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (await ReadBodyAsync(request) is not { } body) return Error(StatusCodes.Status400BadRequest, 300, "Request Body should be a valid JSON object.");
        return SandboxJson.Result(_meetings.Create(body).Details(), StatusCodes.Status201Created);
    }

    private IResult Get(string meetingId) =>
        _meetings.Find(meetingId) is { } meeting ? SandboxJson.Result(meeting.Details()) : NotFound(meetingId);

    private async Task<IResult> UpdateAsync(HttpRequest request, string meetingId)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (await ReadBodyAsync(request) is not { } body) return Error(StatusCodes.Status400BadRequest, 300, "Request Body should be a valid JSON object.");
        return _meetings.Update(meetingId, body) ? Results.NoContent() : NotFound(meetingId);
    }

    private IResult Delete(string meetingId) => _meetings.Delete(meetingId) ? Results.NoContent() : NotFound(meetingId);

    private static IResult NotFound(string meetingId) => Error(StatusCodes.Status404NotFound, 3001, $"Meeting does not exist: {meetingId}.");

    private static async Task<JsonObject?> ReadBodyAsync(HttpRequest request)
    {
        try { return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private static JsonObject CurrentUser() => new()
    {
        ["id"] = UserId,
        ["first_name"] = "Ada",
        ["last_name"] = "Lovelace",
        ["display_name"] = "Ada Lovelace",
        ["email"] = UserEmail,
        ["type"] = 2,
        ["role_name"] = "Owner",
        ["pmi"] = 3542471135L,
        ["use_pmi"] = false,
        ["personal_meeting_url"] = "https://us05web.zoom.us/j/3542471135?pwd=U2FuZGJveFBtaQ",
        ["timezone"] = "Europe/London",
        ["verified"] = 1,
        ["dept"] = "",
        ["created_at"] = "2023-02-14T09:12:45Z",
        ["last_login_time"] = "2024-05-02T08:01:33Z",
        ["last_client_version"] = "5.17.11.34827(mac)",
        ["pic_url"] = "https://us05web.zoom.us/p/v2/8d9e6c0a2b1f4e3d",
        ["language"] = "en-US",
        ["phone_number"] = "",
        ["status"] = "active",
        ["role_id"] = "0",
        ["account_id"] = "Y2FuZGJveEFjY291bnQ",
        ["account_number"] = 8523147306L,
        ["cluster"] = "us05",
        ["user_created_at"] = "2023-02-14T09:12:45Z",
    };
}
