using System.Globalization;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;

namespace Alter.Sandbox.Zoom;

/// <summary>One scheduled meeting of the sandbox user.</summary>
internal sealed class ZoomMeeting(long id, string uuid, DateTimeOffset createdAt)
{
    public long Id { get; } = id;
    public string Uuid { get; } = uuid;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string Topic { get; set; } = "Zoom Meeting";
    public int Type { get; set; } = 2;
    public string? StartTime { get; set; }
    public int Duration { get; set; } = 60;
    public string Timezone { get; set; } = "Europe/London";
    public string Agenda { get; set; } = "";
    public string Password { get; set; } = TokenGenerator.Alphanumeric(6);
    public JsonObject Settings { get; set; } = DefaultSettings();

    private string JoinUrl => $"https://us05web.zoom.us/j/{Id}?pwd=U2FuZGJveE1lZXRpbmc";

    /// <summary>A meeting as <c>GET users/me/meetings</c> lists it.</summary>
    public JsonObject Summary()
    {
        var summary = new JsonObject
        {
            ["uuid"] = Uuid,
            ["id"] = Id,
            ["host_id"] = ZoomApiEndpoints.UserId,
            ["topic"] = Topic,
            ["type"] = Type,
        };
        if (StartTime is not null) summary["start_time"] = StartTime;
        summary["duration"] = Duration;
        summary["timezone"] = Timezone;
        if (Agenda.Length > 0) summary["agenda"] = Agenda;
        summary["created_at"] = SandboxJson.Timestamp(CreatedAt);
        summary["join_url"] = JoinUrl;
        return summary;
    }

    /// <summary>A meeting as <c>POST users/me/meetings</c> and <c>GET meetings/{meetingId}</c> answer it.</summary>
    public JsonObject Details()
    {
        var details = new JsonObject
        {
            ["uuid"] = Uuid,
            ["id"] = Id,
            ["host_id"] = ZoomApiEndpoints.UserId,
            ["host_email"] = ZoomApiEndpoints.UserEmail,
            ["topic"] = Topic,
            ["type"] = Type,
            ["status"] = "waiting",
        };
        if (StartTime is not null) details["start_time"] = StartTime;
        details["duration"] = Duration;
        details["timezone"] = Timezone;
        details["agenda"] = Agenda;
        details["created_at"] = SandboxJson.Timestamp(CreatedAt);
        details["start_url"] = $"https://us05web.zoom.us/s/{Id}?zak=eyJ0eXAiOiJKV1QiLCJzdiI6IjAwMDAwMSJ9.c2FuZGJveA";
        details["join_url"] = JoinUrl;
        details["password"] = Password;
        details["h323_password"] = "123456";
        details["pstn_password"] = "123456";
        details["encrypted_password"] = "U2FuZGJveE1lZXRpbmc";
        details["settings"] = Settings.DeepClone();
        details["pre_schedule"] = false;
        return details;
    }

    /// <summary>Applies the fields of a create or update body that the sandbox keeps.</summary>
    public void Apply(JsonObject body)
    {
        if (body["topic"]?.GetValue<string>() is { } topic) Topic = topic;
        if (body["type"] is JsonValue type && type.TryGetValue<int>(out var t)) Type = t;
        if (body["start_time"]?.GetValue<string>() is { } start
            && DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            StartTime = SandboxJson.Timestamp(parsed);
        }
        if (body["duration"] is JsonValue duration && duration.TryGetValue<int>(out var d)) Duration = d;
        if (body["timezone"]?.GetValue<string>() is { } timezone) Timezone = timezone;
        if (body["agenda"]?.GetValue<string>() is { } agenda) Agenda = agenda;
        if (body["password"]?.GetValue<string>() is { } password) Password = password;
        if (body["settings"] is JsonObject settings)
        {
            foreach (var (name, value) in settings) Settings[name] = value?.DeepClone();
        }
    }

    private static JsonObject DefaultSettings() => new()
    {
        ["host_video"] = false,
        ["participant_video"] = false,
        ["join_before_host"] = false,
        ["mute_upon_entry"] = false,
        ["waiting_room"] = true,
        ["approval_type"] = 2,
        ["audio"] = "voip",
        ["auto_recording"] = "none",
        ["meeting_authentication"] = false,
    };
}

/// <summary>The sandbox user's meetings: one to start with. Thread-safe.</summary>
internal sealed class ZoomMeetings
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<ZoomMeeting> _meetings;
    private long _nextId = 85746065432;

    public ZoomMeetings(TimeProvider time)
    {
        _time = time;
        var standup = new ZoomMeeting(84512397106, "aDYlohsHRtCd4ii1uC2+hA==", new DateTimeOffset(2024, 4, 30, 16, 2, 11, TimeSpan.Zero))
        {
            Topic = "Weekly standup",
            StartTime = "2024-05-06T09:00:00Z",
            Duration = 30,
        };
        _meetings = [standup];
    }

    public IReadOnlyList<ZoomMeeting> All()
    {
        lock (_gate) return [.. _meetings];
    }

    public ZoomMeeting? Find(string id)
    {
        lock (_gate) return FindLocked(id);
    }

    public ZoomMeeting Create(JsonObject body)
    {
        lock (_gate)
        {
            var meeting = new ZoomMeeting(_nextId++, Convert.ToBase64String(Guid.NewGuid().ToByteArray()), _time.GetUtcNow());
            meeting.Apply(body);
            _meetings.Add(meeting);
            return meeting;
        }
    }

    public bool Update(string id, JsonObject body)
    {
        lock (_gate)
        {
            if (FindLocked(id) is not { } meeting) return false;
            meeting.Apply(body);
            return true;
        }
    }

    public bool Delete(string id)
    {
        lock (_gate) return FindLocked(id) is { } meeting && _meetings.Remove(meeting);
    }

    private ZoomMeeting? FindLocked(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? _meetings.Find(m => m.Id == value) : null;
}
