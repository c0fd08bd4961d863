using System.Globalization;
using System.Text.Json.Nodes;

namespace Alter.Sandbox.MicrosoftGraph;

/// <summary>One calendar event; start and end are kept in UTC, as Graph answers them unless asked for another zone.</summary>
internal sealed class MicrosoftEvent(string id, DateTimeOffset created, JsonObject source, DateTime startUtc, DateTime endUtc)
{
    public string Id { get; } = id;
    public DateTime StartUtc { get; } = startUtc;

    /// <summary>The event; start and end in <paramref name="zone"/> (UTC when null), or in the zone they were given in when just created.</summary>
    public JsonObject ToJson(TimeZoneInfo? zone, string? zoneName, bool asCreated = false)
    {
        JsonObject When(DateTime utc, string key)
        {
            // A created event answers in the zone it was given in; a listed one in UTC or the preferred zone.
            var (inZone, name) = asCreated && source[key]?["timeZone"]?.GetValue<string>() is { } given && MicrosoftMailbox.TryZone(given) is { } givenZone
                ? (givenZone, given)
                : (zone, zoneName ?? "UTC");
            return new JsonObject
            {
                ["dateTime"] = (inZone is null ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, inZone)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
                ["timeZone"] = name,
            };
        }

        var content = source["body"]?["content"]?.GetValue<string>() ?? "";
        var online = source["isOnlineMeeting"] is JsonValue o && o.TryGetValue<bool>(out var isOnline) && isOnline;
        var json = new JsonObject
        {
            ["id"] = Id,
            ["createdDateTime"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["lastModifiedDateTime"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["iCalUId"] = "040000008200E00074C5B7101A82E00800000000" + Id[^16..],
            ["subject"] = source["subject"]?.GetValue<string>(),
            ["bodyPreview"] = content.Length > 255 ? content[..255] : content,
            ["isAllDay"] = source["isAllDay"] is JsonValue a && a.TryGetValue<bool>(out var allDay) && allDay,
            ["isCancelled"] = false,
            ["isOnlineMeeting"] = online,
            ["showAs"] = source["showAs"]?.GetValue<string>() ?? "busy",
            ["type"] = "singleInstance",
            ["webLink"] = $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(Id)}&exvsurl=1&path=/calendar/item",
            ["body"] = new JsonObject { ["contentType"] = source["body"]?["contentType"]?.GetValue<string>() ?? "html", ["content"] = content },
            ["start"] = When(StartUtc, "start"),
            ["end"] = When(endUtc, "end"),
            ["location"] = new JsonObject { ["displayName"] = source["location"]?["displayName"]?.GetValue<string>() ?? "" },
            ["attendees"] = new JsonArray([.. (source["attendees"] as JsonArray ?? []).Select(a => new JsonObject
            {
                ["type"] = a?["type"]?.GetValue<string>() ?? "required",
                ["status"] = new JsonObject { ["response"] = "none", ["time"] = "0001-01-01T00:00:00Z" },
                ["emailAddress"] = a?["emailAddress"]?.DeepClone(),
            })]),
            ["organizer"] = new JsonObject
            {
                ["emailAddress"] = new JsonObject { ["name"] = "Ada Lovelace", ["address"] = MicrosoftGraphEndpoints.UserMail },
            },
        };
        return json;
    }
}

/// <summary>The signed-in user's mailbox and calendar: two messages and one event to start with. Thread-safe.</summary>
internal sealed class MicrosoftMailbox
{
    private const string InboxId = "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAA=";
    private const string SentItemsId = "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAAAAEJAAA=";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<JsonObject> _messages = [];
    private readonly List<MicrosoftEvent> _events = [];
    private int _next = 1;

    public MicrosoftMailbox(TimeProvider time)
    {
        _time = time;
        var received = new DateTimeOffset(2024, 5, 1, 7, 58, 2, TimeSpan.Zero);
        _messages.Add(Message(NewId(), received, "Quarterly numbers", "Hi Ada, the quarterly numbers are attached. Let me know what you think.",
            ("Charles Babbage", "charles@example.com"), [("Ada Lovelace", MicrosoftGraphEndpoints.UserMail)], InboxId, isRead: false));
        _messages.Add(Message(NewId(), received.AddHours(-20), "Lunch on Friday?", "Are you free for lunch on Friday at noon?",
            ("Mary Somerville", "mary@example.com"), [("Ada Lovelace", MicrosoftGraphEndpoints.UserMail)], InboxId, isRead: true));
        var standup = new JsonObject
        {
            ["subject"] = "Analytical Engine sync",
            ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "Weekly sync." },
            ["location"] = new JsonObject { ["displayName"] = "Room 101" },
        };
        _events.Add(new MicrosoftEvent(NewId(), received.AddDays(-7), standup, new DateTime(2024, 5, 6, 9, 0, 0, DateTimeKind.Utc), new DateTime(2024, 5, 6, 9, 30, 0, DateTimeKind.Utc)));
    }

    /// <summary>All messages, newest first (Graph's default order for me/messages is not guaranteed; the sandbox keeps one).</summary>
    public IReadOnlyList<JsonObject> Messages()
    {
        lock (_gate) return [.. _messages.OrderByDescending(m => m["receivedDateTime"]?.GetValue<string>(), StringComparer.Ordinal)];
    }

    public IReadOnlyList<MicrosoftEvent> Events()
    {
        lock (_gate) return [.. _events.OrderBy(e => e.StartUtc)];
    }

    /// <summary>Sends a message: it goes to Sent Items when <paramref name="saveToSentItems"/>.</summary>
    public void Send(JsonObject message, bool saveToSentItems)
    {
        if (!saveToSentItems) return;
        static IEnumerable<(string Name, string Address)> Recipients(JsonNode? list) =>
            (list as JsonArray ?? []).Select(r => (r?["emailAddress"]?["name"]?.GetValue<string>() ?? "", r?["emailAddress"]?["address"]?.GetValue<string>() ?? ""));

        lock (_gate)
        {
            var sent = Message(NewId(), _time.GetUtcNow(), message["subject"]?.GetValue<string>() ?? "", message["body"]?["content"]?.GetValue<string>() ?? "",
                ("Ada Lovelace", MicrosoftGraphEndpoints.UserMail), [.. Recipients(message["toRecipients"])], SentItemsId, isRead: true);
            _messages.Add(sent);
        }
    }

    /// <summary>Creates an event from a POST body; a missing or unknown time zone is Graph's 400.</summary>
    public (MicrosoftEvent? Event, (string Code, string Message) Problem) CreateEvent(JsonObject body)
    {
        if (ToUtc(body["start"]) is not { } start || ToUtc(body["end"]) is not { } end)
        {
            return (null, ("TimeZoneNotSupportedException", "A valid TimeZone value must be specified. The following TimeZone value is not supported: ''."));
        }

        lock (_gate)
        {
            var created = new MicrosoftEvent(NewId(), _time.GetUtcNow(), (JsonObject)body.DeepClone(), start, end);
            _events.Add(created);
            return (created, default);
        }
    }

    /// <summary>Reads <c>Prefer: outlook.timezone="..."</c>; null when absent or unknown.</summary>
    public static (TimeZoneInfo Zone, string Name)? PreferredTimeZone(string prefer)
    {
        const string Key = "outlook.timezone=";
        var at = prefer.IndexOf(Key, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var name = prefer[(at + Key.Length)..].Split(',')[0].Trim().Trim('"');
        return TryZone(name) is { } zone ? (zone, name) : null;
    }

    private static DateTime? ToUtc(JsonNode? when)
    {
        if (when?["dateTime"]?.GetValue<string>() is not { } text || TryZone(when["timeZone"]?.GetValue<string>()) is not { } zone) return null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return null;
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
    }

    public static TimeZoneInfo? TryZone(string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
    }

    private string NewId() => "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAY" + (_next++).ToString("D4", CultureInfo.InvariantCulture) + "AAA=";

    private static JsonObject Message(string id, DateTimeOffset at, string subject, string content, (string Name, string Address) from,
        (string Name, string Address)[] to, string folderId, bool isRead)
    {
        JsonObject Address((string Name, string Address) a) => new() { ["emailAddress"] = new JsonObject { ["name"] = a.Name, ["address"] = a.Address } };
        var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["@odata.etag"] = "W/\"CQAAABYAAAAiIsqMbYjsT5e/T7KzowPTAAAYbn8g\"",
            ["id"] = id,
            ["createdDateTime"] = stamp,
            ["lastModifiedDateTime"] = stamp,
            ["receivedDateTime"] = stamp,
            ["sentDateTime"] = stamp,
            ["hasAttachments"] = false,
            ["internetMessageId"] = $"<{Guid.NewGuid():N}@example.com>",
            ["subject"] = subject,
            ["bodyPreview"] = content.Length > 255 ? content[..255] : content,
            ["importance"] = "normal",
            ["parentFolderId"] = folderId,
            ["conversationId"] = "AAQkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAQAMsa" + id[^8..],
            ["isRead"] = isRead,
            ["isDraft"] = false,
            ["webLink"] = $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(id)}&exvsurl=1&viewmodel=ReadMessageItem",
            ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = content },
            ["sender"] = Address(from),
            ["from"] = Address(from),
            ["toRecipients"] = new JsonArray([.. to.Select(Address)]),
            ["ccRecipients"] = new JsonArray(),
            ["bccRecipients"] = new JsonArray(),
            ["replyTo"] = new JsonArray(),
        };
    }
}
