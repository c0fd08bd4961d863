using System.Text.Json;

namespace Alter.Typed.Paging;

/// <summary>
/// A JSON Pointer (RFC 6901: <c>/response_metadata/next_cursor</c>, <c>/@odata.nextLink</c>, <c>~1</c> for <c>/</c> and
/// <c>~0</c> for <c>~</c>), parsed once, evaluated against each page's answer. The generator checks the same syntax.
/// </summary>
internal sealed class JsonPointer
{
    private readonly string[] _segments;

    public JsonPointer(string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        Text = pointer;
        if (pointer.Length == 0)
        {
            _segments = [];
            return;
        }
        if (pointer[0] != '/') throw new ArgumentException($"'{pointer}' is not a JSON Pointer: it starts with '/'.", nameof(pointer));
        _segments = pointer[1..].Split('/').Select(Unescape).ToArray();
        string Unescape(string segment)
        {
            for (var i = segment.IndexOf('~'); i >= 0; i = segment.IndexOf('~', i + 1))
                if (i + 1 >= segment.Length || (segment[i + 1] != '0' && segment[i + 1] != '1'))
                    throw new ArgumentException($"'{pointer}' is not a JSON Pointer: '~' is followed by 0 or 1.", nameof(pointer));
            return segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }
    }

    public string Text { get; }

    /// <summary>The value the pointer names, or null when a segment is missing or crosses a non-object.</summary>
    public JsonElement? Find(JsonElement? root)
    {
        if (root is not { } current) return null;
        foreach (var segment in _segments)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return null;
        }
        return current;
    }

    /// <summary>The string the pointer names; null when it is absent, JSON null or an empty string.</summary>
    public string? String(JsonElement? root)
        => Find(root) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}
