using System.ComponentModel;
using Alter.Typed.Paging;

namespace Alter.Typed.Generated;

/// <summary>
/// How an operation's answers page, as its description declares it (the <c>pagination</c> object): where the next page's
/// cursor, link or offset comes from and how it is sent back. Generated descriptors set it; the runtime's page walker reads it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class Pagination
{
    private protected Pagination()
    {
    }

    /// <summary>
    /// A cursor read from the answer's JSON and sent back as a parameter: Slack's <c>response_metadata.next_cursor</c> →
    /// <c>cursor</c>, Google's <c>nextPageToken</c> → <c>pageToken</c>, Notion's <c>next_cursor</c> → <c>start_cursor</c>
    /// (with <c>has_more</c>), Box's <c>next_marker</c> → <c>marker</c>. The walk ends when the cursor is absent or empty,
    /// or when <paramref name="hasMore"/> reads <see langword="false"/>.
    /// </summary>
    /// <param name="parameter">The parameter that carries the cursor.</param>
    /// <param name="inBody">The parameter is a property of the JSON or form body; otherwise a query parameter.</param>
    /// <param name="nextCursor">A JSON Pointer (RFC 6901) to the next cursor in the answer.</param>
    /// <param name="hasMore">A JSON Pointer to a boolean saying whether more pages follow; null when the provider has none.</param>
    /// <param name="enableParameter">
    /// A boolean query parameter that turns this pagination on, sent as <c>true</c> with every page (Box's <c>usemarker</c>,
    /// without which Box pages by offset and gives no marker); null when none is needed.
    /// </param>
    public static Pagination Cursor(string parameter, bool inBody, string nextCursor, string? hasMore = null, string? enableParameter = null)
        => new CursorPagination(parameter, inBody, nextCursor, hasMore) { EnableParameter = enableParameter };

    /// <summary>The <c>Link</c> header's <c>rel="next"</c> URL (GitHub, GitLab), followed with GET while the header has one.</summary>
    public static Pagination LinkHeader() => LinkHeaderPagination.Instance;

    /// <summary>A URL in the answer's JSON (Microsoft Graph's <c>@odata.nextLink</c>), followed with GET while the answer has one.</summary>
    /// <param name="nextLink">A JSON Pointer (RFC 6901) to the next page's URL in the answer.</param>
    public static Pagination NextLink(string nextLink) => new NextLinkPagination(nextLink);

    /// <summary>
    /// An offset query parameter advanced by the number of items each page held (Spotify's <c>offset</c>/<c>limit</c>). The
    /// walk ends on an empty page, on a page shorter than the <paramref name="limitParameter"/> sent, or at the
    /// <paramref name="total"/> the answer gives.
    /// </summary>
    /// <param name="offsetParameter">The query parameter that carries the offset.</param>
    /// <param name="limitParameter">The query parameter that carries the page size; null when the operation has none.</param>
    /// <param name="total">A JSON Pointer to the total number of items in the answer; null when the provider gives none.</param>
    public static Pagination Offset(string offsetParameter, string? limitParameter = null, string? total = null)
        => new OffsetPagination(offsetParameter, limitParameter, total);

    /// <summary>A boolean query parameter every page sends as <c>true</c> (see <see cref="Cursor"/>); null for none.</summary>
    internal string? EnableParameter { get; private init; }

    /// <summary>Whether the next page depends on the answer's JSON (it is then read once more as a document).</summary>
    internal abstract bool ReadsBody { get; }

    /// <summary>The request of the page after <paramref name="answer"/>, or null when that was the last page.</summary>
    /// <param name="answer">What the page's answer said (its URL, <c>Link</c> header, JSON).</param>
    /// <param name="itemCount">How many items the page held.</param>
    internal abstract PageStep? Next(PageAnswer answer, int itemCount);
}
