using System.Text.Json.Nodes;

namespace Alter.Sandbox.Asana;

/// <summary>The sandbox's Asana world: one user, one workspace, one project and its tasks, shaped as the REST API 1.0 answers them. Thread-safe.</summary>
internal sealed class AsanaWorkspace
{
    public const string UserGid = "1201234567890123";
    public const string UserName = "Ada Lovelace";
    public const string UserEmail = "ada@example.com";
    public const string WorkspaceGid = "1209876543210001";
    public const string WorkspaceName = "Sandbox Workspace";
    public const string ProjectGid = "1205555555555501";
    public const string ProjectName = "Launch plan";

    private static readonly DateTimeOffset Created = new(2024, 5, 6, 8, 30, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _tasks =
    [
        NewTask("1206000000000001", "Draft the announcement", "First pass at the copy.", [ProjectGid], UserGid, "2024-05-20", Created),
        NewTask("1206000000000002", "Book the venue", "", [ProjectGid], null, null, Created.AddHours(2)),
    ];
    private long _nextGid = 1206000000000003;

    public static JsonObject User() => new()
    {
        ["gid"] = UserGid,
        ["email"] = UserEmail,
        ["name"] = UserName,
        ["photo"] = new JsonObject
        {
            ["image_21x21"] = "https://s3.amazonaws.com/profile_photos/1201234567890123.ada_21x21.png",
            ["image_27x27"] = "https://s3.amazonaws.com/profile_photos/1201234567890123.ada_27x27.png",
            ["image_36x36"] = "https://s3.amazonaws.com/profile_photos/1201234567890123.ada_36x36.png",
            ["image_60x60"] = "https://s3.amazonaws.com/profile_photos/1201234567890123.ada_60x60.png",
            ["image_128x128"] = "https://s3.amazonaws.com/profile_photos/1201234567890123.ada_128x128.png",
        },
        ["resource_type"] = "user",
        ["workspaces"] = new JsonArray(Workspace()),
    };

    public static JsonObject Workspace() => Compact(WorkspaceGid, "workspace", WorkspaceName);

    public static JsonObject Project() => Compact(ProjectGid, "project", ProjectName);

    /// <summary>The compact records of the tasks that match (Asana lists tasks by project, or by assignee within a workspace).</summary>
    public IReadOnlyList<JsonObject> CompactTasks(Func<JsonObject, bool> filter)
    {
        lock (_gate)
        {
            return [.. _tasks.Where(filter).Select(t => new JsonObject
            {
                ["gid"] = t["gid"]!.DeepClone(),
                ["name"] = t["name"]!.DeepClone(),
                ["resource_type"] = "task",
                ["resource_subtype"] = t["resource_subtype"]!.DeepClone(),
            })];
        }
    }

    public JsonObject? Task(string gid)
    {
        lock (_gate) return _tasks.FirstOrDefault(t => (string?)t["gid"] == gid)?.DeepClone().AsObject();
    }

    public JsonObject CreateTask(string name, string notes, IReadOnlyList<string> projects, string? assignee, string? dueOn, DateTimeOffset now)
    {
        lock (_gate)
        {
            var task = NewTask((_nextGid++).ToString(System.Globalization.CultureInfo.InvariantCulture), name, notes, projects, assignee, dueOn, now);
            _tasks.Add(task);
            return task.DeepClone().AsObject();
        }
    }

    private static JsonObject NewTask(string gid, string name, string notes, IReadOnlyList<string> projects, string? assignee, string? dueOn, DateTimeOffset created) => new()
    {
        ["gid"] = gid,
        ["actual_time_minutes"] = null,
        ["assignee"] = assignee is null ? null : Compact(UserGid, "user", UserName),
        ["assignee_status"] = assignee is null ? "upcoming" : "inbox",
        ["assignee_section"] = null,
        ["completed"] = false,
        ["completed_at"] = null,
        ["created_at"] = Timestamp(created),
        ["custom_fields"] = new JsonArray(),
        ["due_at"] = null,
        ["due_on"] = dueOn,
        ["followers"] = new JsonArray(Compact(UserGid, "user", UserName)),
        ["hearted"] = false,
        ["hearts"] = new JsonArray(),
        ["html_notes"] = $"<body>{System.Net.WebUtility.HtmlEncode(notes)}</body>",
        ["is_rendered_as_separator"] = false,
        ["liked"] = false,
        ["likes"] = new JsonArray(),
        ["memberships"] = new JsonArray([.. projects.Where(p => p == ProjectGid).Select(_ => (JsonNode)new JsonObject
        {
            ["project"] = Project(),
            ["section"] = Compact("1205555555555502", "section", "Untitled section"),
        })]),
        ["modified_at"] = Timestamp(created),
        ["name"] = name,
        ["notes"] = notes,
        ["num_hearts"] = 0,
        ["num_likes"] = 0,
        ["parent"] = null,
        ["permalink_url"] = $"https://app.asana.com/0/{projects.FirstOrDefault() ?? "0"}/{gid}",
        ["projects"] = new JsonArray([.. projects.Where(p => p == ProjectGid).Select(_ => (JsonNode)Project())]),
        ["resource_type"] = "task",
        ["start_at"] = null,
        ["start_on"] = null,
        ["tags"] = new JsonArray(),
        ["resource_subtype"] = "default_task",
        ["workspace"] = Workspace(),
    };

    private static JsonObject Compact(string gid, string resourceType, string name) => new()
    {
        ["gid"] = gid,
        ["name"] = name,
        ["resource_type"] = resourceType,
    };

    /// <summary>Asana's timestamps: UTC with milliseconds, <c>2024-05-06T08:30:00.000Z</c>.</summary>
    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
