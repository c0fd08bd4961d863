using System.Text.Json.Nodes;

namespace Alter.Sandbox.Box;

/// <summary>
/// The sandbox's Box account: a user, the root folder (id <c>0</c>, "All Files"), one subfolder and one file, plus the
/// folders created through the API, shaped as the Box Platform API 2.0 answers them. Thread-safe.
/// </summary>
internal sealed class BoxDrive
{
    public const string UserId = "11446498";
    public const string RootId = "0";
    public const string ProjectsFolderId = "157064745449";
    public const string FileId = "1584054722303";

    private static readonly DateTimeOffset Created = new(2024, 4, 2, 10, 15, 30, TimeSpan.FromHours(-7));

    private readonly Lock _gate = new();
    private readonly List<Node> _nodes =
    [
        new("folder", ProjectsFolderId, RootId, "Projects", Created.AddDays(1), 0, null),
        new("file", FileId, RootId, "Quarterly report.pdf", Created.AddDays(2), 629644, "85136c79cbf9fe36bb9d05d0639c70c265c18d37"),
    ];
    private long _nextId = 157064745450;

    public static JsonObject User() => new()
    {
        ["type"] = "user",
        ["id"] = UserId,
        ["name"] = "Ada Lovelace",
        ["login"] = "ada@example.com",
        ["created_at"] = Timestamp(Created.AddYears(-1)),
        ["modified_at"] = Timestamp(Created.AddDays(3)),
        ["language"] = "en",
        ["timezone"] = "America/Los_Angeles",
        ["space_amount"] = 10737418240,
        ["space_used"] = 629644,
        ["max_upload_size"] = 2147483648,
        ["status"] = "active",
        ["job_title"] = "",
        ["phone"] = "",
        ["address"] = "",
        ["avatar_url"] = $"https://app.box.com/api/avatar/large/{UserId}",
        ["notification_email"] = null,
    };

    /// <summary>The full folder, with its first page of items; null when there is no such folder.</summary>
    public JsonObject? Folder(string id, int offset, int limit)
    {
        lock (_gate)
        {
            if (id == RootId)
            {
                return FolderObject(RootId, null, "All Files", null, offset, limit, trashedAt: null);
            }

            var node = _nodes.FirstOrDefault(n => n.Type == "folder" && n.Id == id);
            return node is null ? null : FolderObject(node.Id, node.ParentId, node.Name, node.Created, offset, limit, trashedAt: null);
        }
    }

    /// <summary>A page of the folder's items (folders first, then files, by name); null when there is no such folder.</summary>
    public JsonObject? Items(string folderId, int offset, int limit)
    {
        lock (_gate) return FolderExists(folderId) ? ItemsLocked(folderId, offset, limit) : null;
    }

    public JsonObject? File(string id)
    {
        lock (_gate)
        {
            var node = _nodes.FirstOrDefault(n => n.Type == "file" && n.Id == id);
            if (node is null) return null;
            var file = Common(node.Type, node.Id, node.Name, node.ParentId, node.Created, node.Size);
            file["sha1"] = node.Sha1;
            file["file_version"] = new JsonObject { ["type"] = "file_version", ["id"] = "1731226345503", ["sha1"] = node.Sha1 };
            file["extension"] = "pdf";
            return Reorder(file);
        }
    }

    /// <summary>Creates a folder; <c>Conflict</c> holds the item already named so in the parent, <c>Created</c> the new folder.</summary>
    public (JsonObject? Created, JsonObject? Conflict, bool ParentFound) CreateFolder(string parentId, string name, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!FolderExists(parentId)) return (null, null, false);
            var existing = _nodes.FirstOrDefault(n => n.ParentId == parentId && string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            if (existing is not null) return (null, Mini(existing), true);

            var node = new Node("folder", (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture), parentId, name, now.ToOffset(TimeSpan.FromHours(-7)), 0, null);
            _nodes.Add(node);
            return (FolderObject(node.Id, node.ParentId, node.Name, node.Created, 0, 100, trashedAt: null), null, true);
        }
    }

    private bool FolderExists(string id) => id == RootId || _nodes.Any(n => n.Type == "folder" && n.Id == id);

    private JsonObject FolderObject(string id, string? parentId, string name, DateTimeOffset? created, int offset, int limit, string? trashedAt)
    {
        var folder = Common("folder", id, name, parentId, created, id == RootId ? _nodes.Sum(n => n.Size) : _nodes.Where(n => n.ParentId == id).Sum(n => n.Size));
        folder["trashed_at"] = trashedAt;
        folder["folder_upload_email"] = null;
        folder["item_collection"] = ItemsLocked(id, offset, limit);
        return Reorder(folder);
    }

    /// <summary>A marker page of a folder's items (<c>usemarker=true</c>): entries, limit and <c>next_marker</c> (null on the last page).</summary>
    public JsonObject? MarkerItems(string folderId, int start, int limit)
    {
        lock (_gate)
        {
            if (!FolderExists(folderId)) return null;
            var children = Children(folderId);
            return new JsonObject
            {
                ["entries"] = new JsonArray([.. children.Skip(start).Take(limit).Select(n => (JsonNode)Mini(n))]),
                ["limit"] = limit,
                ["next_marker"] = start + limit < children.Count ? Marker(start + limit) : null,
                ["order"] = new JsonArray(
                    new JsonObject { ["by"] = "type", ["direction"] = "ASC" },
                    new JsonObject { ["by"] = "name", ["direction"] = "ASC" }),
            };
        }
    }

    /// <summary>Box's markers are opaque strings; the sandbox's encode the position behind a prefix.</summary>
    private static string Marker(int offset) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("marker:" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The position a marker stands for, or null when it is not one the sandbox gave.</summary>
    public static int? MarkerOffset(string marker)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            return text.StartsWith("marker:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private List<Node> Children(string folderId) => _nodes.Where(n => n.ParentId == folderId)
        .OrderBy(n => n.Type == "folder" ? 0 : 1).ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();

    private JsonObject ItemsLocked(string folderId, int offset, int limit)
    {
        var children = Children(folderId);
        return new JsonObject
        {
            ["total_count"] = children.Count,
            ["entries"] = new JsonArray([.. children.Skip(offset).Take(limit).Select(n => (JsonNode)Mini(n))]),
            ["offset"] = offset,
            ["limit"] = limit,
            ["order"] = new JsonArray(
                new JsonObject { ["by"] = "type", ["direction"] = "ASC" },
                new JsonObject { ["by"] = "name", ["direction"] = "ASC" }),
        };
    }

    private static JsonObject Mini(Node node)
    {
        var mini = new JsonObject { ["type"] = node.Type, ["id"] = node.Id };
        if (node.Type == "file") mini["file_version"] = new JsonObject { ["type"] = "file_version", ["id"] = "1731226345503", ["sha1"] = node.Sha1 };
        mini["sequence_id"] = "0";
        mini["etag"] = "0";
        if (node.Type == "file") mini["sha1"] = node.Sha1;
        mini["name"] = node.Name;
        return mini;
    }

    private JsonObject Common(string type, string id, string name, string? parentId, DateTimeOffset? created, long size)
    {
        var isRoot = id == RootId;
        var path = new List<JsonNode>();
        if (!isRoot) path.Add(FolderMini(RootId, "All Files"));
        if (parentId is not null && parentId != RootId && _nodes.FirstOrDefault(n => n.Id == parentId) is { } parent)
        {
            path.Add(FolderMini(parent.Id, parent.Name));
        }

        return new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["sequence_id"] = isRoot ? null : "0",
            ["etag"] = isRoot ? null : "0",
            ["name"] = name,
            ["created_at"] = created is { } c ? Timestamp(c) : null,
            ["modified_at"] = created is { } m ? Timestamp(m) : null,
            ["description"] = "",
            ["size"] = size,
            ["path_collection"] = new JsonObject { ["total_count"] = path.Count, ["entries"] = new JsonArray([.. path]) },
            ["created_by"] = isRoot ? Nobody() : UserMini(),
            ["modified_by"] = UserMini(),
            ["purged_at"] = null,
            ["content_created_at"] = created is { } cc ? Timestamp(cc) : null,
            ["content_modified_at"] = created is { } cm ? Timestamp(cm) : null,
            ["owned_by"] = UserMini(),
            ["shared_link"] = null,
            ["parent"] = parentId is null ? null : parentId == RootId ? FolderMini(RootId, "All Files") : FolderMini(parentId, _nodes.First(n => n.Id == parentId).Name),
            ["item_status"] = "active",
        };
    }

    /// <summary>Box's field order: type, id, sequence_id, etag, (sha1, file_version for files), name, ...</summary>
    private static JsonObject Reorder(JsonObject item)
    {
        string[] first = ["type", "id", "file_version", "sequence_id", "etag", "sha1", "name"];
        var ordered = new JsonObject();
        foreach (var key in first.Where(item.ContainsKey)) ordered[key] = item[key]!?.DeepClone();
        foreach (var (key, value) in item.Where(p => !first.Contains(p.Key))) ordered[key] = value?.DeepClone();
        return ordered;
    }

    private static JsonObject FolderMini(string id, string name) => new()
    {
        ["type"] = "folder",
        ["id"] = id,
        ["sequence_id"] = id == RootId ? null : "0",
        ["etag"] = id == RootId ? null : "0",
        ["name"] = name,
    };

    private static JsonObject UserMini() => new() { ["type"] = "user", ["id"] = UserId, ["name"] = "Ada Lovelace", ["login"] = "ada@example.com" };

    private static JsonObject Nobody() => new() { ["type"] = "user", ["id"] = "", ["name"] = "", ["login"] = "" };

    /// <summary>Box's timestamps: ISO 8601 with the account's UTC offset, <c>2024-04-02T10:15:30-07:00</c>.</summary>
    private static string Timestamp(DateTimeOffset value) =>
        value.ToOffset(TimeSpan.FromHours(-7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Node(string Type, string Id, string ParentId, string Name, DateTimeOffset Created, long Size, string? Sha1);
}
