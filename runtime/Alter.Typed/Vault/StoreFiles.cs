namespace Alter.Typed.Vault;

/// <summary>
/// The store's files are secrets at rest (encrypted tokens, the key that opens them, the audit trail): its folder is
/// created owner-only (0700) and its files owner read/write (0600), whatever the process umask says. No-ops on Windows,
/// where the user profile's ACLs apply.
/// </summary>
internal static class StoreFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder 0700 when it does not exist; an existing folder is the user's choice (it may be shared, like /tmp) and is left alone.</summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode); // parents it creates get the same mode
    }

    /// <summary>
    /// Creates the SQLite file empty with mode 0600 before SQLite opens it (SQLite would create it with the umask, 0644),
    /// and tightens the database and its -wal and -shm files when they are readable by others. SQLite gives the -wal and
    /// -shm files it creates the database file's mode.
    /// </summary>
    public static void SecureDatabase(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if (!File.Exists(path))
        {
            try { new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode }).Dispose(); }
            catch (IOException) when (File.Exists(path)) { } // another process created it first
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            Tighten(file);
    }

    /// <summary>Drops group and other permissions from a file this store owns (the vault key); a file someone else owns is left as it is.</summary>
    public static void Secure(string file)
    {
        if (!OperatingSystem.IsWindows()) Tighten(file);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string file)
    {
        try
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~(FileMode | UnixFileMode.UserExecute)) != 0)
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) & FileMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
