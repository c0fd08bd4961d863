using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.GitHub;

/// <summary>GitHub's pagination <c>Link</c> header: prev, next, last, first, keeping the request's other query parameters.</summary>
internal static class GitHubLinkHeader
{
    /// <summary>
    /// The page of <paramref name="sorted"/> the request asks for (<c>per_page</c>, default 30, at most 100; <c>page</c>,
    /// from 1), with the response's <c>Link</c> header set for <paramref name="resourceUrl"/>.
    /// </summary>
    public static IEnumerable<T> Page<T>(HttpRequest request, string resourceUrl, IReadOnlyList<T> sorted)
    {
        var perPage = int.TryParse(request.Query["per_page"], out var pp) && pp > 0 ? Math.Min(pp, 100) : 30;
        var page = int.TryParse(request.Query["page"], out var p) && p > 0 ? p : 1;
        var lastPage = Math.Max(1, (sorted.Count + perPage - 1) / perPage);
        if (Build(resourceUrl, request.QueryString.Value, page, lastPage) is { } link)
            request.HttpContext.Response.Headers.Link = link;
        return sorted.Skip((page - 1) * perPage).Take(perPage);
    }

    public static string? Build(string resourceUrl, string? queryString, int page, int lastPage)
    {
        if (page <= 1 && lastPage <= 1) return null;

        var kept = (queryString ?? "").TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p != "page" && !p.StartsWith("page=", StringComparison.Ordinal))
            .ToList();
        string Url(int n) => $"{resourceUrl}?{string.Join('&', kept.Append($"page={n}"))}";

        var links = new List<string>();
        if (page > 1) links.Add($"<{Url(page - 1)}>; rel=\"prev\"");
        if (page < lastPage)
        {
            links.Add($"<{Url(page + 1)}>; rel=\"next\"");
            links.Add($"<{Url(lastPage)}>; rel=\"last\"");
        }

        if (page > 1) links.Add($"<{Url(1)}>; rel=\"first\"");
        return string.Join(", ", links);
    }
}
