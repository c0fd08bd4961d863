namespace Alter.Typed;

/// <summary>
/// Path arguments are hostile input (an AI model may choose them): a value must never change which endpoint is called.
/// <c>Uri.EscapeDataString</c> leaves dots alone, and <c>new Uri(base, "repos/../../issues")</c> resolves to
/// <c>/issues</c>; servers and proxies that decode <c>%2E</c> or <c>%2F</c> before routing do the same with encoded forms.
/// So a value that is, or contains, a dot segment (<c>.</c> or <c>..</c>, split on <c>/</c> or <c>\</c>, after percent-
/// decoding as often as it decodes) is refused, as is an empty one (<c>repos//issues</c> is another path too).
/// </summary>
internal static class PathArguments
{
    /// <summary>How many rounds of percent-decoding are undone: a value encoded more often than this is refused outright.</summary>
    private const int MaxDecodes = 4;

    /// <summary>The value, escaped for one path segment; throws <see cref="ArgumentException"/> naming the parameter and the operation when it could move the call.</summary>
    public static string Escape(OperationDescriptor operation, string name, string value)
    {
        if (value.Length == 0)
            throw Refused(operation, name, "is empty");
        // The common case costs one scan: nothing to decode and no dot, so no dot segment.
        if (value.AsSpan().IndexOfAny('.', '%') >= 0 && HasDotSegment(value))
            throw Refused(operation, name, "is or contains a dot segment ('.' or '..', also percent-encoded, as in '%2E%2E' or 'a/../b')");
        return Uri.EscapeDataString(value);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is or holds a dot segment, after up to <see cref="MaxDecodes"/> rounds of
    /// percent-decoding (a server that decodes twice would see one), or a <c>.</c>/<c>..</c> with path parameters
    /// (<c>..;x</c>, which some servers treat as <c>..</c>). Shared with the untyped request mapping.
    /// </summary>
    internal static bool HasDotSegment(string value)
    {
        for (var round = 0; ; round++)
        {
            foreach (var segment in value.Split('/', '\\'))
                if (segment is "." or ".." || segment.StartsWith(".;", StringComparison.Ordinal) || segment.StartsWith("..;", StringComparison.Ordinal)) return true;
            var decoded = Uri.UnescapeDataString(value);
            if (decoded == value) return false;
            if (round == MaxDecodes) return true; // still decoding: nothing legitimate is encoded five times over
            value = decoded;
        }
    }

    private static ArgumentException Refused(OperationDescriptor operation, string name, string why)
        => new($"The path argument '{name}' of operation {operation.Id} {why}: a path argument may not change which endpoint is called, so nothing was sent. Pass the identifier itself.", name);
}
