using System.Globalization;
using System.Text.Json.Nodes;

namespace Alter.Sandbox.Dropbox;

/// <summary>One file or folder of the sandbox Dropbox.</summary>
internal sealed class DropboxEntry(string pathDisplay, bool isFolder, string id, DateTimeOffset modified, long size = 0)
{
    public string PathDisplay { get; } = pathDisplay;
    public string PathLower => PathDisplay.ToLowerInvariant();
    public string Name => PathDisplay[(PathDisplay.LastIndexOf('/') + 1)..];
    public string ParentLower => PathLower[..PathLower.LastIndexOf('/')];
    public bool IsFolder { get; } = isFolder;
    public string Id { get; } = id;

    /// <summary>FileMetadata or FolderMetadata; with its <c>.tag</c> where the result is the Metadata union.</summary>
    public JsonObject ToJson(bool tagged)
    {
        var json = new JsonObject();
        if (tagged) json[".tag"] = IsFolder ? "folder" : "file";
        json["name"] = Name;
        json["path_lower"] = PathLower;
        json["path_display"] = PathDisplay;
        json["id"] = Id;
        if (!IsFolder)
        {
            json["client_modified"] = SandboxJson.Timestamp(modified);
            json["server_modified"] = SandboxJson.Timestamp(modified.AddSeconds(3));
            json["rev"] = "a1c10ce0dd78";
            json["size"] = size;
            json["is_downloadable"] = true;
            json["content_hash"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        }

        return json;
    }
}

/// <summary>The sandbox user's Dropbox: a few folders and files. Paths are case-insensitive, as on Dropbox. Thread-safe.</summary>
internal sealed class DropboxFiles
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<DropboxEntry> _entries;
    private int _nextId = 100;

    public DropboxFiles(TimeProvider time)
    {
        _time = time;
        var modified = new DateTimeOffset(2024, 4, 17, 10, 24, 5, TimeSpan.Zero);
        _entries =
        [
            new("/Homework", isFolder: true, "id:a4ayc_80_OEAAAAAAAAAXz", modified),
            new("/Homework/math", isFolder: true, "id:a4ayc_80_OEAAAAAAAAAXy", modified),
            new("/Homework/math/Prime_Numbers.txt", isFolder: false, "id:a4ayc_80_OEAAAAAAAAAXw", modified, size: 7212),
            new("/Photos", isFolder: true, "id:a4ayc_80_OEAAAAAAAAAYa", modified),
            new("/Resume.pdf", isFolder: false, "id:a4ayc_80_OEAAAAAAAAAYb", modified, size: 182734),
        ];
    }

    public bool Exists(string path) => Find(path) is not null;

    /// <summary>"" is the root folder.</summary>
    public bool IsFolder(string path) => path.Length == 0 || Find(path)?.IsFolder == true;

    public DropboxEntry? Find(string path)
    {
        var lower = path.ToLowerInvariant();
        lock (_gate) return _entries.Find(e => e.PathLower == lower);
    }

    /// <summary>The folder's children (or all descendants), folders and files in path order.</summary>
    public IReadOnlyList<DropboxEntry> List(string path, bool recursive)
    {
        var lower = path.ToLowerInvariant();
        lock (_gate)
        {
            return [.. _entries
                .Where(e => recursive ? e.PathLower.StartsWith(lower + "/", StringComparison.Ordinal) : e.ParentLower == lower)
                .OrderBy(e => e.PathLower, StringComparer.Ordinal)];
        }
    }

    /// <summary>Creates the folder; null when something is already at the path and autorename is off.</summary>
    public DropboxEntry? CreateFolder(string path, bool autorename)
    {
        lock (_gate)
        {
            var target = path.TrimEnd('/');
            if (_entries.Exists(e => e.PathLower == target.ToLowerInvariant()))
            {
                if (!autorename) return null;
                var n = 1;
                while (_entries.Exists(e => e.PathLower == $"{target} ({n})".ToLowerInvariant())) n++;
                target = $"{target} ({n})";
            }

            var folder = new DropboxEntry(target, isFolder: true, "id:a4ayc_80_OEAAAAAAAA" + (_nextId++).ToString(CultureInfo.InvariantCulture), _time.GetUtcNow());
            _entries.Add(folder);
            return folder;
        }
    }

    /// <summary>Deletes the entry and, for a folder, everything under it; returns the entry as it was.</summary>
    public DropboxEntry? Delete(string path)
    {
        var lower = path.ToLowerInvariant();
        lock (_gate)
        {
            var entry = _entries.Find(e => e.PathLower == lower);
            if (entry is null) return null;
            _entries.RemoveAll(e => e.PathLower == lower || e.PathLower.StartsWith(lower + "/", StringComparison.Ordinal));
            return entry;
        }
    }
}
