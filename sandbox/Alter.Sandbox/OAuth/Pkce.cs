using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Alter.Sandbox.OAuth;

/// <summary>PKCE (RFC 7636) with the S256 method only.</summary>
internal static class Pkce
{
    public const string S256 = "S256";

    /// <summary>True when the verifier is well-formed (43–128 unreserved characters) and hashes to the challenge.</summary>
    public static bool Verify(string challenge, string? verifier)
    {
        if (verifier is null || verifier.Length is < 43 or > 128 || !verifier.All(IsUnreserved)) return false;

        var expected = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
