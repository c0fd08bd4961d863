using System.Text.Json.Nodes;

namespace Alter.Sandbox.Figma;

/// <summary>The sandbox's Figma account: a user, a team with one project, one file and its comments, shaped as the REST API v1 answers them. Thread-safe.</summary>
internal sealed class FigmaFiles
{
    public const string UserId = "1184537129042391054";
    public const string TeamId = "1184537158394830284";
    public const string ProjectId = "98765432";
    public const string FileKey = "hD8pAzbSaT2hZK0Sp1dGn5";

    private static readonly DateTimeOffset Modified = new(2024, 6, 3, 14, 2, 11, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _comments =
    [
        NewComment("1361478", null, "Can we make the header sticky?", "1", new JsonObject { ["node_id"] = "1:2", ["node_offset"] = new JsonObject { ["x"] = 120.5, ["y"] = 48 } }, Modified.AddHours(1)),
    ];
    private long _nextId = 1361479;
    private int _nextOrder = 2;

    public static JsonObject Me() => new()
    {
        ["id"] = UserId,
        ["email"] = "ada@example.com",
        ["handle"] = "Ada Lovelace",
        ["img_url"] = "https://s3-alpha.figma.com/profile/8f1f5c3e-3b1a-4a52-9c1c-7a0c9f1d2e3b",
    };

    public static JsonObject File() => new()
    {
        ["document"] = new JsonObject
        {
            ["id"] = "0:0",
            ["name"] = "Document",
            ["type"] = "DOCUMENT",
            ["scrollBehavior"] = "SCROLLS",
            ["children"] = new JsonArray(new JsonObject
            {
                ["id"] = "0:1",
                ["name"] = "Page 1",
                ["type"] = "CANVAS",
                ["scrollBehavior"] = "SCROLLS",
                ["children"] = new JsonArray(new JsonObject
                {
                    ["id"] = "1:2",
                    ["name"] = "Header",
                    ["type"] = "FRAME",
                    ["scrollBehavior"] = "SCROLLS",
                    ["children"] = new JsonArray(),
                }),
                ["backgroundColor"] = new JsonObject { ["r"] = 0.9607843160629272, ["g"] = 0.9607843160629272, ["b"] = 0.9607843160629272, ["a"] = 1 },
                ["prototypeStartNodeID"] = null,
                ["flowStartingPoints"] = new JsonArray(),
                ["prototypeDevice"] = new JsonObject { ["type"] = "NONE", ["rotation"] = "NONE" },
            }),
        },
        ["components"] = new JsonObject
        {
            ["3:7"] = new JsonObject
            {
                ["key"] = "4f6e1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f",
                ["name"] = "Button",
                ["description"] = "Primary action",
                ["remote"] = false,
                ["documentationLinks"] = new JsonArray(),
            },
        },
        ["componentSets"] = new JsonObject(),
        ["schemaVersion"] = 0,
        ["styles"] = new JsonObject
        {
            ["4:1"] = new JsonObject { ["key"] = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", ["name"] = "Brand/Primary", ["styleType"] = "FILL", ["remote"] = false, ["description"] = "" },
        },
        ["name"] = "Landing page",
        ["lastModified"] = Timestamp(Modified),
        ["thumbnailUrl"] = $"https://s3-alpha.figma.com/thumbnails/{FileKey}",
        ["version"] = "5837418235",
        ["role"] = "owner",
        ["editorType"] = "figma",
        ["linkAccess"] = "inherit",
    };

    public static JsonObject TeamProjects() => new()
    {
        ["name"] = "Sandbox Team",
        ["projects"] = new JsonArray(new JsonObject { ["id"] = ProjectId, ["name"] = "Website" }),
    };

    public static JsonObject ProjectFiles() => new()
    {
        ["name"] = "Website",
        ["files"] = new JsonArray(new JsonObject
        {
            ["key"] = FileKey,
            ["name"] = "Landing page",
            ["thumbnail_url"] = $"https://s3-alpha.figma.com/thumbnails/{FileKey}",
            ["last_modified"] = Timestamp(Modified),
        }),
    };

    public JsonArray Comments()
    {
        lock (_gate) return new JsonArray([.. _comments.Select(c => c.DeepClone())]);
    }

    /// <summary>Adds a comment (a reply when <paramref name="parentId"/> names a root comment); null when the parent is not a root comment of the file.</summary>
    public JsonObject? AddComment(string message, string? parentId, JsonObject? clientMeta, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (parentId is not null && !_comments.Any(c => (string?)c["id"] == parentId && c["parent_id"] is null)) return null;
            var order = parentId is null ? (_nextOrder++).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            var comment = NewComment((_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture), parentId, message, order,
                clientMeta ?? new JsonObject { ["x"] = 0, ["y"] = 0 }, now);
            _comments.Add(comment);
            return comment.DeepClone().AsObject();
        }
    }

    private static JsonObject NewComment(string id, string? parentId, string message, string? orderId, JsonObject clientMeta, DateTimeOffset created)
    {
        var comment = new JsonObject
        {
            ["id"] = id,
            ["file_key"] = FileKey,
        };
        if (parentId is not null) comment["parent_id"] = parentId;
        comment["user"] = new JsonObject
        {
            ["handle"] = "Ada Lovelace",
            ["img_url"] = "https://s3-alpha.figma.com/profile/8f1f5c3e-3b1a-4a52-9c1c-7a0c9f1d2e3b",
            ["id"] = UserId,
        };
        comment["created_at"] = Timestamp(created);
        comment["resolved_at"] = null;
        comment["message"] = message;
        comment["reactions"] = new JsonArray();
        comment["client_meta"] = clientMeta;
        comment["order_id"] = orderId;
        return comment;
    }

    /// <summary>Figma's timestamps: UTC ISO 8601 with <c>Z</c>, <c>2024-06-03T14:02:11Z</c>.</summary>
    private static string Timestamp(DateTimeOffset value) => SandboxJson.Timestamp(value);
}
