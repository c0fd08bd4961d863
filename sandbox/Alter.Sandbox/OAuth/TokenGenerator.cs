using System.Security.Cryptography;

namespace Alter.Sandbox.OAuth;

/// <summary>Random strings for codes and tokens, from <see cref="RandomNumberGenerator"/>.</summary>
internal static class TokenGenerator
{
    private const string AlphanumericChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string HexChars = "0123456789abcdef";
    private const string DigitChars = "0123456789";

    public static string Alphanumeric(int length) => RandomNumberGenerator.GetString(AlphanumericChars, length);

    public static string Hex(int length) => RandomNumberGenerator.GetString(HexChars, length);

    public static string Digits(int length) => RandomNumberGenerator.GetString(DigitChars, length);
}
