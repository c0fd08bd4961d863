namespace Alter.Typed.Paging;

/// <summary>
/// How the next page is asked for: the operation again with one parameter set (a cursor, a marker, an offset), or a GET of
/// a URL the provider gave (a <c>Link</c> header, an <c>@odata.nextLink</c>). <see cref="Key"/> tells two steps apart, so a
/// provider answering a page it already gave ends the walk instead of looping.
/// </summary>
internal sealed record PageStep(string Key, string? Parameter, string? Value, bool InBody, Uri? Url)
{
    public static PageStep ForParameter(string parameter, string value, bool inBody) => new(parameter + "=" + value, parameter, value, inBody, null);

    public static PageStep ForUrl(Uri url) => new(url.AbsoluteUri, null, null, false, url);
}

/// <summary>What one page's answer said, as the pagination needs it: the URL it was sent to, its <c>Link</c> header values, its JSON.</summary>
internal sealed record PageAnswer(Uri RequestUri, IReadOnlyList<string> Links, System.Text.Json.JsonElement? Body, PageStep? Sent);

/// <summary>One walk's state between the page walker and the sender: the step to send, and the answer it got.</summary>
internal sealed class PageState(Pagination pagination)
{
    public Pagination Pagination { get; } = pagination;

    /// <summary>The step of the page being sent; null for the first page, which is the call as the caller built it.</summary>
    public PageStep? Step { get; set; }

    /// <summary>Set by the sender from the page's answer, once it succeeded.</summary>
    public PageAnswer? Answer { get; private set; }

    /// <summary>Reads the answer while it is buffered: the URL, the <c>Link</c> header and (when the pagination needs it) the JSON.</summary>
    public void Read(HttpRequestMessage request, HttpResponseMessage response)
    {
        var links = response.Headers.TryGetValues("Link", out var values) ? values.ToArray() : [];
        System.Text.Json.JsonElement? body = null;
        if (Pagination.ReadsBody)
        {
            var stream = response.Content.ReadAsStream();
            var start = stream.CanSeek ? stream.Position : 0;
            using (var document = System.Text.Json.JsonDocument.Parse(stream)) body = document.RootElement.Clone();
            if (stream.CanSeek) stream.Position = start; // the typed answer is read from the same buffer next
        }
        Answer = new PageAnswer(request.RequestUri!, links, body, Step);
    }
}
