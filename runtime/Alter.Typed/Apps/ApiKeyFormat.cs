using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.Apps;

/// <summary>
/// App API keys: <c>alter_key_app_&lt;keyId&gt;_&lt;secret&gt;</c>. The key id locates the row; only a SHA-256
/// hash of the whole key is stored (the secret has ~238 bits of entropy, so a slow hash adds nothing).
/// </summary>
internal static class ApiKeyFormat
{
    public const string Prefix = "alter_key_app_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string KeyIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int KeyIdLength = 12, SecretLength = 40;

    public static (string KeyId, string Plaintext) Create()
    {
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = RandomNumberGenerator.GetString(Alphabet, SecretLength);
        return (keyId, $"{Prefix}{keyId}_{secret}");
    }

    public static bool TryParseKeyId(string apiKey, out string keyId)
    {
        keyId = "";
        if (apiKey.Length != Prefix.Length + KeyIdLength + 1 + SecretLength || !apiKey.StartsWith(Prefix, StringComparison.Ordinal) || apiKey[Prefix.Length + KeyIdLength] != '_')
            return false;
        keyId = apiKey.Substring(Prefix.Length, KeyIdLength);
        return true;
    }

    public static byte[] Hash(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
}
