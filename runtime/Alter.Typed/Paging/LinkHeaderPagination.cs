namespace Alter.Typed.Paging;

/// <summary>
/// GitHub's and GitLab's <c>Link: &lt;url&gt;; rel="next", &lt;url&gt;; rel="last"</c> (RFC 8288): the next page is a GET of
/// the <c>rel="next"</c> URL, resolved against the page's own URL; no such link ends the walk. The URL goes through the
/// pipeline's host check like any call: a link to another host is refused before anything is sent.
/// </summary>
internal sealed class LinkHeaderPagination : Pagination
{
    public static readonly LinkHeaderPagination Instance = new();

    private LinkHeaderPagination()
    {
    }

    internal override bool ReadsBody => false;

    internal override PageStep? Next(PageAnswer answer, int itemCount)
    {
        foreach (var header in answer.Links)
        {
            if (NextOf(header) is { } next && Uri.TryCreate(answer.RequestUri, next, out var url)) return PageStep.ForUrl(url);
        }
        return null;
    }

    /// <summary>The target of the <c>rel="next"</c> link of one header value, or null.</summary>
    internal static string? NextOf(string header)
    {
        var position = 0;
        while (position < header.Length)
        {
            var open = header.IndexOf('<', position);
            if (open < 0) return null;
            var close = header.IndexOf('>', open + 1);
            if (close < 0) return null;
            var target = header[(open + 1)..close];
            // The link's parameters run up to the next '<' (URLs cannot hold '<' unescaped).
            var end = header.IndexOf('<', close + 1);
            var parameters = header[(close + 1)..(end < 0 ? header.Length : end)];
            if (HasRelNext(parameters)) return target;
            position = end < 0 ? header.Length : end;
        }
        return null;
    }

    private static bool HasRelNext(string parameters)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) continue;
            var value = parameter[(equals + 1)..].Trim().TrimEnd(',').Trim().Trim('"');
            // rel may list several relation types: rel="next last" is a next link too.
            if (value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => r.Equals("next", StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }
}
