using System.Security.Cryptography;

namespace Alter.Typed.Vault;

/// <summary>Finds the vault's encryption key: options, then <c>ALTER_VAULT_KEY</c>, then a key file created on first use.</summary>
internal static class VaultKey
{
    public const int Size = 32;

    public static byte[] Resolve(AlterOptions options)
    {
        if (options.VaultKey is { } key) return Validate(key, "AlterOptions.VaultKey");
        if (Environment.GetEnvironmentVariable("ALTER_VAULT_KEY") is { Length: > 0 } env)
        {
            byte[] decoded;
            try { decoded = Convert.FromBase64String(env.Trim()); }
            catch (FormatException) { throw new AlterException("ALTER_VAULT_KEY is not base64. Set it to 32 random bytes in base64, for example the output of `openssl rand -base64 32`."); }
            return Validate(decoded, "ALTER_VAULT_KEY");
        }
        return LoadOrCreateFile(Path.Combine(options.ResolveHome(), "vault.key"));
    }

    private static byte[] Validate(byte[] key, string source)
        => key.Length == Size ? key : throw new AlterException($"{source} must be {Size} bytes (AES-256); it is {key.Length}.");

    private static byte[] LoadOrCreateFile(string path)
    {
        if (File.Exists(path)) return ReadFile(path);
        StoreFiles.CreateFolder(Path.GetDirectoryName(path)!);
        // Creators take turns under an exclusive lock: on Unix File.Move without overwrite checks that the target is
        // absent and then renames, so two processes starting at once could each return a key of their own while the file
        // keeps the last one, and tokens sealed with the other key could never be opened again.
        using (CreationLock(path + ".lock"))
        {
            if (File.Exists(path)) return ReadFile(path);
            var key = RandomNumberGenerator.GetBytes(Size);
            // Written whole to a temporary file, flushed to disk, then moved into place: a crash leaves either no key file
            // or a complete one, never a half-written key that would lock every token sealed with it away.
            var temp = path + "." + RandomNumberGenerator.GetHexString(8, lowercase: true) + ".tmp";
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = StoreFiles.FileMode;
            try
            {
                using (var stream = new FileStream(temp, fileOptions))
                {
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, path, overwrite: false);
            }
            finally { File.Delete(temp); }
            return key;
        }
    }

    /// <summary>
    /// An exclusive lock on <paramref name="lockPath"/> (FileShare.None: flock on Unix, a sharing lock on Windows), waited
    /// for up to <see cref="LockWait"/>; the file is deleted when the lock is released. A waiter that still holds the old
    /// file finds the key already written, so a lock file deleted under it does no harm.
    /// </summary>
    private static FileStream CreationLock(string lockPath)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, Options = FileOptions.DeleteOnClose };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = StoreFiles.FileMode;
        for (var waited = TimeSpan.Zero; ; waited += LockPoll)
        {
            try { return new FileStream(lockPath, options); }
            catch (IOException) when (waited < LockWait) { Thread.Sleep(LockPoll); } // another creator holds it
            catch (IOException e)
            {
                throw new AlterException($"Another process has held {lockPath} for over {LockWait.TotalSeconds:0} s while creating the vault key. If none is running, delete that file and start again.", e);
            }
        }
    }

    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10), LockPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>Reads the key file; a file that is empty, not base64 or of the wrong length is refused with what to do (its content is never echoed).</summary>
    private static byte[] ReadFile(string path)
    {
        string text;
        StoreFiles.Secure(path); // a key readable by others opens every token in the vault
        try { text = File.ReadAllText(path).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AlterException($"The vault key file {path} cannot be read ({e.GetType().Name}). Give this user read access to it (mode 0600), or set ALTER_VAULT_KEY.", e);
        }
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        string? problem = text.Length == 0 ? "is empty"
            : !Convert.TryFromBase64String(text, buffer, out var written) ? "is not base64"
            : written != Size ? $"holds {written} bytes instead of {Size}"
            : null;
        if (problem is not null)
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw new AlterException(
                $"The vault key file {path} {problem}: it is corrupt or was cut short. Restore it from your backup (or set ALTER_VAULT_KEY to the key); "
                + "without the original key the stored tokens cannot be opened: then move the file away, and a new key is created on the next start, after which every grant must be connected again.");
        }
        var key = buffer[..Size];
        CryptographicOperations.ZeroMemory(buffer);
        return key;
    }
}
