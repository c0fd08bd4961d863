namespace Alter.Sandbox.GitHub;

/// <summary>GitHub's pagination <c>Link</c> header: prev, next, last, first, keeping the request's other query parameters.</summary>
internal static class GitHubLinkHeader
{
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
