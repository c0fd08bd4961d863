using System.Globalization;
using System.Text.Json;

namespace Alter.Typed.Paging;

/// <summary>
/// An offset query parameter advanced by each page's item count (Spotify's <c>offset</c>/<c>limit</c>). The first page's
/// offset and the limit are the ones the caller sent (read back from the page's URL). An empty page, a page shorter than
/// the limit, or reaching the answer's total ends the walk.
/// </summary>
internal sealed class OffsetPagination(string offsetParameter, string? limitParameter, string? total) : Pagination
{
    private readonly JsonPointer? _total = total is null ? null : new JsonPointer(total);

    internal override bool ReadsBody => _total is not null;

    internal override PageStep? Next(PageAnswer answer, int itemCount)
    {
        if (itemCount == 0) return null;
        var offset = answer.Sent?.Value is { } sent ? long.Parse(sent, CultureInfo.InvariantCulture) : QueryNumber(answer.RequestUri, offsetParameter) ?? 0;
        var next = offset + itemCount;
        if (limitParameter is not null && QueryNumber(answer.RequestUri, limitParameter) is { } limit && itemCount < limit) return null;
        if (_total?.Find(answer.Body) is { ValueKind: JsonValueKind.Number } count && count.TryGetInt64(out var all) && next >= all) return null;
        return PageStep.ForParameter(offsetParameter, next.ToString(CultureInfo.InvariantCulture), inBody: false);
    }

    /// <summary>The integer value of a query parameter of <paramref name="uri"/> (the last one, if repeated), or null.</summary>
    internal static long? QueryNumber(Uri uri, string name)
    {
        long? found = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (key == name && equals >= 0 && long.TryParse(Uri.UnescapeDataString(pair[(equals + 1)..]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) found = value;
        }
        return found;
    }
}
