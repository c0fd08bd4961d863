using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.Apps;

/// <summary>
/// API keys: <c>alter_key_app_&lt;keyId&gt;_&lt;secret&gt;</c> for an app, <c>alter_key_agent_&lt;keyId&gt;_&lt;secret&gt;</c>
/// for one of its agents. The key id locates the row; only a SHA-256 hash of the whole key is stored (the secret has
/// ~238 bits of entropy, so a slow hash adds nothing). The prefix is part of the hashed text, so an agent key's secret
/// presented with the app prefix (or the reverse) matches nothing.
/// </summary>
internal static class ApiKeyFormat
{
    public const string Prefix = "alter_key_app_";
    public const string AgentPrefix = "alter_key_agent_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string KeyIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int KeyIdLength = 12, SecretLength = 40;

    public static (string KeyId, string Plaintext) Create() => Create(Prefix);

    public static (string KeyId, string Plaintext) Create(string prefix)
    {
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = RandomNumberGenerator.GetString(Alphabet, SecretLength);
        return (keyId, $"{prefix}{keyId}_{secret}");
    }

    /// <summary>The key id of an app key (<see cref="Prefix"/>).</summary>
    public static bool TryParseKeyId(string apiKey, out string keyId) => TryParseKeyId(apiKey, Prefix, out keyId);

    /// <summary>The key id of a key with <paramref name="prefix"/>; false when the key is not of that shape.</summary>
    public static bool TryParseKeyId(string apiKey, string prefix, out string keyId)
    {
        keyId = "";
        if (apiKey.Length != prefix.Length + KeyIdLength + 1 + SecretLength || !apiKey.StartsWith(prefix, StringComparison.Ordinal) || apiKey[prefix.Length + KeyIdLength] != '_')
            return false;
        keyId = apiKey.Substring(prefix.Length, KeyIdLength);
        return true;
    }

    public static byte[] Hash(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
}
