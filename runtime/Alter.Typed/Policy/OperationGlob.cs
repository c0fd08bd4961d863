namespace Alter.Typed;

/// <summary>
/// A compiled operation glob: <c>provider:operationId</c> split at every <c>:</c> into segments, each matched on its own,
/// so a <c>*</c> never crosses a <c>:</c> (<c>slack:*</c> matches every Slack operation, <c>*</c> alone matches nothing).
/// Matching is ordinal and case-sensitive, as provider and operation ids are.
/// </summary>
internal sealed class OperationGlob
{
    private readonly string[] _segments;

    private OperationGlob(string pattern, string[] segments) => (Pattern, _segments) = (pattern, segments);

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>The provider segment (before the first <c>:</c>).</summary>
    public string ProviderPattern => _segments[0];

    /// <summary>Compiles <paramref name="pattern"/>.</summary>
    /// <exception cref="ArgumentException">Not of the form <c>provider:operation</c>, an empty segment, or a control character.</exception>
    public static OperationGlob Parse(string pattern, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(pattern, parameterName);
        foreach (var c in pattern)
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
                throw new ArgumentException("An operation glob cannot contain control characters or line separators.", parameterName);
        var segments = pattern.Split(':');
        // A glob without a provider segment would be ambiguous ("chat.*" of which provider?): refused rather than guessed.
        if (segments.Length < 2 || Array.Exists(segments, s => s.Length == 0))
            throw new ArgumentException($"'{pattern}' is not an operation glob: write provider:operationId, e.g. slack:chat.postMessage, slack:chat.* or slack:*.", parameterName);
        return new OperationGlob(pattern, segments);
    }

    /// <summary>Whether the glob matches <c>provider:operationId</c>.</summary>
    public bool Matches(string provider, string operationId)
    {
        // The provider id has no ':' (its schema: lower-case letters, digits, '-'); an operation id might, so its
        // segments are compared one by one and their count must agree.
        if (!SegmentMatches(_segments[0], provider)) return false;
        var rest = operationId.AsSpan();
        for (var i = 1; i < _segments.Length; i++)
        {
            var colon = rest.IndexOf(':');
            var last = i == _segments.Length - 1;
            if (last != (colon < 0)) return false;
            if (!SegmentMatches(_segments[i], last ? rest : rest[..colon])) return false;
            if (!last) rest = rest[(colon + 1)..];
        }
        return true;
    }

    /// <summary>Whether the glob's provider segment matches <paramref name="provider"/>.</summary>
    public bool MatchesProvider(string provider) => SegmentMatches(_segments[0], provider);

    /// <summary>Wildcard match of one segment (no <c>:</c> on either side): <c>*</c> is any run of characters, possibly empty.</summary>
    internal static bool SegmentMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // The classic linear matcher with one backtrack point: the last '*' seen absorbs one more character on a mismatch.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { star = p++; resume = t; }
            else if (p < pattern.Length && pattern[p] == text[t]) { p++; t++; }
            else if (star >= 0) { p = star + 1; t = ++resume; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <inheritdoc/>
    public override string ToString() => Pattern;
}
