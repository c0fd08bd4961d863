namespace Alter.Typed.Paging;

/// <summary>
/// Microsoft Graph's <c>@odata.nextLink</c>: the next page is a GET of the URL the answer's JSON gives (resolved against the
/// page's own URL); none ends the walk. The URL goes through the pipeline's host check: another host gets no credential.
/// </summary>
internal sealed class NextLinkPagination(string nextLink) : Pagination
{
    private readonly JsonPointer _nextLink = new(nextLink);

    internal override bool ReadsBody => true;

    internal override PageStep? Next(PageAnswer answer, int itemCount)
        => _nextLink.String(answer.Body) is { } link && Uri.TryCreate(answer.RequestUri, link, out var url) ? PageStep.ForUrl(url) : null;
}
