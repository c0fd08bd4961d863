using System.Runtime.CompilerServices;
using Alter.Typed.Generated;

namespace Alter.Typed.Http;

/// <summary>
/// Maps an untyped request (<c>app.Request(method, url, …)</c>) to the one described operation it calls, so the call is
/// audited and policy-checked by its operation id like a typed call. Built once per provider description and cached.
/// </summary>
/// <remarks>
/// <para>It fails closed: a request maps to an operation only when exactly one template matches it unambiguously, and
/// to none when the URL holds anything a server might read differently from the template:</para>
/// <list type="bullet">
/// <item>another scheme, host or port than the provider's API base URL, or a path outside that base's path;</item>
/// <item>an encoded slash or backslash (<c>%2F</c>, <c>%5C</c>), a raw backslash, or a dot segment (<c>.</c>, <c>..</c>,
/// also percent-encoded) anywhere in the path as written;</item>
/// <item>an empty segment (<c>//</c>) or a trailing slash the template does not have;</item>
/// <item>a literal segment that differs in case or encoding from the template's (segments compare ordinally, as written);</item>
/// <item>a method that is not exactly the operation's (<c>post</c> is not <c>POST</c>);</item>
/// <item>two templates that match equally well (the same number of literal segments).</item>
/// </list>
/// <para>Among matching templates the most literal wins: <c>repos/{owner}/{repo}/issues</c> over
/// <c>repos/{owner}/{repo}/{x}</c> for <c>repos/o/r/issues</c>. The query string never takes part.</para>
/// </remarks>
internal sealed class UntypedOperationMap
{
    private static readonly ConditionalWeakTable<ProviderDescriptor, UntypedOperationMap> Cache = new();

    private readonly Dictionary<string, Template[]> _byMethod;

    private UntypedOperationMap(IReadOnlyList<OperationDescriptor> operations)
    {
        _byMethod = operations
            .Select(o => new Template(o))
            .GroupBy(t => t.Operation.Method.Method, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The map of <paramref name="provider"/>'s described operations (built on first use, then cached).</summary>
    public static UntypedOperationMap For(ProviderDescriptor provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Cache.GetValue(provider, static p => new UntypedOperationMap(p.Operations));
    }

    /// <summary>
    /// The operation <paramref name="method"/> on <paramref name="resolved"/> calls, or null when none does (or more than
    /// one could). <paramref name="written"/> is the URL as the caller wrote it (absolute, or relative to
    /// <paramref name="apiBase"/>), checked for what URL parsing would silently normalise.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="written">The URL as given to <c>Request</c>.</param>
    /// <param name="resolved">The absolute URL that would be sent.</param>
    /// <param name="apiBase">The provider's API base URL (bound to the grant's connection values), ending in <c>/</c>.</param>
    public OperationDescriptor? Match(HttpMethod method, string written, Uri resolved, Uri apiBase)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(apiBase);
        if (!_byMethod.TryGetValue(method.Method, out var candidates)) return null;
        if (!resolved.IsAbsoluteUri || !apiBase.IsAbsoluteUri || !WrittenPathIsPlain(written)) return null;
        if (Uri.Compare(resolved, apiBase, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0) return null;
        if (!string.IsNullOrEmpty(resolved.UserInfo)) return null;

        var basePath = apiBase.AbsolutePath;
        if (!basePath.EndsWith('/')) basePath += "/";
        var path = resolved.AbsolutePath;
        if (!path.StartsWith(basePath, StringComparison.Ordinal) || path.Length == basePath.Length) return null;
        var segments = path[basePath.Length..].Split('/');

        OperationDescriptor? best = null;
        var bestScore = -1;
        var tie = false;
        foreach (var template in candidates)
        {
            if (!template.Matches(segments)) continue;
            if (template.LiteralSegments > bestScore)
            {
                (best, bestScore, tie) = (template.Operation, template.LiteralSegments, false);
            }
            else if (template.LiteralSegments == bestScore)
            {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /// <summary>
    /// Whether the path of the URL as written is free of what parsing would rewrite or a server might split differently:
    /// backslashes, encoded slashes and backslashes, and dot segments (plain or percent-encoded).
    /// </summary>
    private static bool WrittenPathIsPlain(string written)
    {
        var end = written.AsSpan().IndexOfAny('?', '#');
        var path = end < 0 ? written : written[..end];
        if (path.Contains('\\')) return false;
        if (path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase)) return false;
        // Past the scheme and authority of an absolute URL, every segment is checked; a relative one is all path.
        var schemeEnd = path.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var slash = path.IndexOf('/', schemeEnd + 3);
            path = slash < 0 ? "" : path[slash..];
        }
        foreach (var segment in path.Split('/'))
        {
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(segment);
            }
            catch (UriFormatException)
            {
                return false;
            }
            if (decoded is "." or ".." || PathArguments.HasDotSegment(segment)) return false;
        }
        return true;
    }

    /// <summary>One operation's path template, split into segments; a segment is literal, or literal text around <c>{name}</c> placeholders.</summary>
    private sealed class Template
    {
        private readonly Segment[] _segments;

        public Template(OperationDescriptor operation)
        {
            Operation = operation;
            var template = operation.PathTemplate.StartsWith('/') ? operation.PathTemplate[1..] : operation.PathTemplate;
            _segments = [.. template.Split('/').Select(Segment.Parse)];
            LiteralSegments = _segments.Count(s => s.IsLiteral);
        }

        public OperationDescriptor Operation { get; }

        /// <summary>How many segments are wholly literal: the more, the more specific the template.</summary>
        public int LiteralSegments { get; }

        public bool Matches(string[] path)
        {
            if (path.Length != _segments.Length) return false;
            for (var i = 0; i < path.Length; i++)
                if (!_segments[i].Matches(path[i])) return false;
            return true;
        }
    }

    /// <summary>
    /// A template segment: literal parts with a placeholder between each two. A placeholder matches one or more characters
    /// of one path segment (never a <c>/</c>: segments are split before).
    /// </summary>
    private sealed class Segment
    {
        private readonly string[] _literals;

        private Segment(string[] literals) => _literals = literals;

        public bool IsLiteral => _literals.Length == 1;

        public static Segment Parse(string text)
        {
            var literals = new List<string>();
            var rest = text;
            while (true)
            {
                var open = rest.IndexOf('{');
                var close = open < 0 ? -1 : rest.IndexOf('}', open);
                if (open < 0 || close < 0)
                {
                    literals.Add(rest);
                    return new Segment([.. literals]);
                }
                literals.Add(rest[..open]);
                rest = rest[(close + 1)..];
            }
        }

        public bool Matches(string value)
        {
            if (_literals.Length == 1) return string.Equals(_literals[0], value, StringComparison.Ordinal);
            // Literal prefix and suffix fixed; the literals between placeholders found left to right, each placeholder
            // taking at least one character.
            var first = _literals[0];
            var last = _literals[^1];
            if (value.Length < first.Length + last.Length + (_literals.Length - 1)) return false;
            if (!value.StartsWith(first, StringComparison.Ordinal) || !value.EndsWith(last, StringComparison.Ordinal)) return false;
            var position = first.Length;
            var limit = value.Length - last.Length;
            for (var i = 1; i < _literals.Length - 1; i++)
            {
                var literal = _literals[i];
                var found = literal.Length == 0 ? position + 1 : value.IndexOf(literal, position + 1, StringComparison.Ordinal);
                if (found < 0 || found + literal.Length > limit) return false;
                position = found + literal.Length;
            }
            return limit - position >= 1;
        }
    }
}
