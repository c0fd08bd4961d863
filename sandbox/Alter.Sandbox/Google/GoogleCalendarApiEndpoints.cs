using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Google;

/// <summary>
/// A slice of Calendar v3: <c>users/me/calendarList</c> (one primary calendar) and <c>calendars/{calendarId}/events</c>
/// (list and insert, for <c>primary</c> or its id), with Calendar's resource shapes and Google's 401 bodies.
/// </summary>
internal sealed class GoogleCalendarApiEndpoints(SandboxContext sandbox)
{
    public const string CalendarId = "ada@example.com";
    private const string TimeZone = "Europe/Stockholm";

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _events =
    [
        Event("5n3qk0d7f1a2b3c4d5e6f7g8h9", "Design review", "2026-12-01T10:00:00+01:00", "2026-12-01T11:00:00+01:00", "2026-11-20T08:15:02.000Z"),
    ];

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("google-calendar/api/calendar/v3/users/me/calendarList", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(CalendarList()));
        app.MapGet("google-calendar/api/calendar/v3/calendars/{calendarId}/events", (HttpRequest request, string calendarId) =>
            Authenticate(request) ?? Calendar(calendarId) ?? ListEvents());
        app.MapPost("google-calendar/api/calendar/v3/calendars/{calendarId}/events", async (HttpRequest request, string calendarId) =>
            Authenticate(request) ?? Calendar(calendarId) ?? await InsertAsync(request));
        app.Map("google-calendar/api/calendar/v3/{**path}", (HttpRequest request) => Authenticate(request) ?? GoogleApiErrors.NotFound(request.Path));
    }

    private IResult? Authenticate(HttpRequest request) => GoogleApiErrors.Authenticate(request, sandbox.Tokens, GoogleCalendarEmulation.ProviderId);

    private static IResult? Calendar(string calendarId) =>
        calendarId is "primary" or CalendarId
            ? null
            : GoogleApiErrors.Error(StatusCodes.Status404NotFound, "Not Found", "NOT_FOUND",
                new JsonObject { ["domain"] = "global", ["reason"] = "notFound", ["message"] = "Not Found" });

    private static JsonObject CalendarList() => new()
    {
        ["kind"] = "calendar#calendarList",
        ["etag"] = "\"p33c9d1rkqfnou0o\"",
        ["nextSyncToken"] = "CMDq7vO1j4oDEhFhZGFAZXhhbXBsZS5jb20=",
        ["items"] = new JsonArray(new JsonObject
        {
            ["kind"] = "calendar#calendarListEntry",
            ["etag"] = "\"1732791600000000\"",
            ["id"] = CalendarId,
            ["summary"] = CalendarId,
            ["timeZone"] = TimeZone,
            ["colorId"] = "14",
            ["backgroundColor"] = "#9fe1e7",
            ["foregroundColor"] = "#000000",
            ["selected"] = true,
            ["accessRole"] = "owner",
            ["defaultReminders"] = new JsonArray(new JsonObject { ["method"] = "popup", ["minutes"] = 10 }),
            ["notificationSettings"] = new JsonObject
            {
                ["notifications"] = new JsonArray(
                    new JsonObject { ["type"] = "eventCreation", ["method"] = "email" },
                    new JsonObject { ["type"] = "eventChange", ["method"] = "email" }),
            },
            ["primary"] = true,
            ["conferenceProperties"] = new JsonObject { ["allowedConferenceSolutionTypes"] = new JsonArray("hangoutsMeet") },
        }),
    };

    private IResult ListEvents()
    {
        JsonArray items;
        lock (_gate) items = new JsonArray(_events.Select(e => (JsonNode)e.DeepClone()).ToArray());
        return SandboxJson.Result(new JsonObject
        {
            ["kind"] = "calendar#events",
            ["etag"] = "\"p32o9tq3pg7fsk0o\"",
            ["summary"] = CalendarId,
            ["description"] = "",
            ["updated"] = "2026-11-20T08:15:02.415Z",
            ["timeZone"] = TimeZone,
            ["accessRole"] = "owner",
            ["defaultReminders"] = new JsonArray(new JsonObject { ["method"] = "popup", ["minutes"] = 10 }),
            ["nextSyncToken"] = "CKjM2cW1j4oDEKjM2cW1j4oDGAUg_____________wEo____________AUIA",
            ["items"] = items,
        });
    }

    /// <summary>events.insert: start and end are required (400 "Missing end time." otherwise); answers the created event.</summary>
    private async Task<IResult> InsertAsync(HttpRequest request)
    {
        JsonObject? input;
        try
        {
            input = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            input = null;
        }

        if (input is null)
        {
            return GoogleApiErrors.Error(StatusCodes.Status400BadRequest, "Parse Error", "INVALID_ARGUMENT",
                new JsonObject { ["domain"] = "global", ["reason"] = "parseError", ["message"] = "Parse Error" });
        }

        if (input["start"] is not JsonObject start || input["end"] is not JsonObject end)
        {
            return GoogleApiErrors.Error(StatusCodes.Status400BadRequest, "Missing end time.", "INVALID_ARGUMENT",
                new JsonObject { ["domain"] = "global", ["reason"] = "required", ["message"] = "Missing end time." });
        }

        string now = SandboxJson.Timestamp(sandbox.Time.GetUtcNow()).Replace("Z", ".000Z", StringComparison.Ordinal);
        var created = Event(TokenGenerator.Hex(26), input["summary"] is JsonValue s && s.TryGetValue(out string? text) ? text : null, null, null, now);
        created["start"] = start.DeepClone();
        created["end"] = end.DeepClone();
        foreach (string key in new[] { "description", "location", "attendees", "recurrence" })
        {
            if (input[key] is JsonNode value) created[key] = value.DeepClone();
        }

        lock (_gate) _events.Add(created);
        return SandboxJson.Result(created.DeepClone());
    }

    private static JsonObject Event(string id, string? summary, string? start, string? end, string created)
    {
        var result = new JsonObject
        {
        ["kind"] = "calendar#event",
        ["etag"] = "\"3465874404830000\"",
        ["id"] = id,
        ["status"] = "confirmed",
        ["htmlLink"] = "https://www.google.com/calendar/event?eid=" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(id + " " + CalendarId)).TrimEnd('='),
        ["created"] = created,
        ["updated"] = created,
        ["summary"] = summary,
        ["creator"] = new JsonObject { ["email"] = CalendarId, ["self"] = true },
        ["organizer"] = new JsonObject { ["email"] = CalendarId, ["self"] = true },
        ["start"] = new JsonObject { ["dateTime"] = start, ["timeZone"] = TimeZone },
        ["end"] = new JsonObject { ["dateTime"] = end, ["timeZone"] = TimeZone },
        ["iCalUID"] = id + "@google.com",
        ["sequence"] = 0,
        ["reminders"] = new JsonObject { ["useDefault"] = true },
        ["eventType"] = "default",
        };
        if (summary is null) result.Remove("summary");
        return result;
    }
}
