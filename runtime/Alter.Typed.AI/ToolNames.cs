using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.AI;

/// <summary>
/// Model-safe tool names: <c>provider_operation</c> with every character outside <c>[a-zA-Z0-9_-]</c> turned into
/// <c>_</c>, at most 64 characters (what model APIs accept); a name that is too long or taken by another operation ends
/// with a short hash of the operation's policy id instead.
/// </summary>
internal static class ToolNames
{
    public const int MaxLength = 64;

    public static string Unique(OperationDescriptor operation, HashSet<string> taken)
    {
        var name = Sanitize(operation.ProviderId + "_" + operation.Id);
        if (name.Length > MaxLength || taken.Contains(name))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operation.PolicyId)))[..8];
            name = name[..Math.Min(name.Length, MaxLength - hash.Length - 1)] + "_" + hash;
        }
        taken.Add(name);
        return name;
    }

    public static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        return builder.ToString();
    }
}
