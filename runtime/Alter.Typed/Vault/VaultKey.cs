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
        if (File.Exists(path)) return Validate(Convert.FromBase64String(File.ReadAllText(path).Trim()), path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(Size);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, fileOptions);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, or the two would encrypt with different keys.
            return Validate(Convert.FromBase64String(File.ReadAllText(path).Trim()), path);
        }
        return key;
    }
}
