using System.Text.Json;

namespace Alter.Typed.Paging;

/// <summary>
/// A cursor (token, marker) read from the answer's JSON and sent back as a query or body parameter: Slack, Google, Notion,
/// Box's marker. An absent or empty cursor, or a <c>hasMore</c> that reads <see langword="false"/>, ends the walk.
/// </summary>
internal sealed class CursorPagination(string parameter, bool inBody, string nextCursor, string? hasMore) : Pagination
{
    private readonly JsonPointer _nextCursor = new(nextCursor);
    private readonly JsonPointer? _hasMore = hasMore is null ? null : new JsonPointer(hasMore);

    internal override bool ReadsBody => true;

    internal override PageStep? Next(PageAnswer answer, int itemCount)
    {
        // Notion sends has_more:false with a null cursor, but a stale cursor beside has_more:false must not continue either.
        if (_hasMore is not null && _hasMore.Find(answer.Body) is not { ValueKind: JsonValueKind.True }) return null;
        return _nextCursor.String(answer.Body) is { } cursor ? PageStep.ForParameter(parameter, cursor, inBody) : null;
    }
}
