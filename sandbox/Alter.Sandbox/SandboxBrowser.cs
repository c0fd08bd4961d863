using System.Net;

namespace Alter.Sandbox;

/// <summary>
/// Stands in for a person's browser in front of the sandbox's auto-consent authorize endpoint.
/// </summary>
public static class SandboxBrowser
{
    private const int MaxRedirects = 10;

    /// <summary>
    /// GETs the authorization URL and follows redirects (to the loopback <c>redirect_uri</c> the client listens on),
    /// and returns when the final response has arrived and been read. An error page (such as the sandbox's 400 for a
    /// bad <c>redirect_uri</c>) is a final response too: like a browser, this does not throw for HTTP status codes.
    /// </summary>
    /// <param name="authorizationUrl">The authorize URL the client built, on the sandbox.</param>
    /// <param name="cancellationToken">Cancels the navigation.</param>
    /// <exception cref="InvalidOperationException">A URL on the way is not a loopback http URL, or there are too many redirects.</exception>
    /// <exception cref="HttpRequestException">A server on the way could not be reached.</exception>
    public static async Task OpenAsync(Uri authorizationUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorizationUrl);

        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (compatible; AlterSandboxBrowser/1.0)");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        var url = authorizationUrl;
        for (var hops = 0; ; hops++)
        {
            EnsureLoopback(url);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location) return;
            if (hops == MaxRedirects) throw new InvalidOperationException($"More than {MaxRedirects} redirects, starting at {authorizationUrl}.");
            url = location.IsAbsoluteUri ? location : new Uri(url, location);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static void EnsureLoopback(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttp || !url.IsLoopback)
        {
            throw new InvalidOperationException($"The sandbox browser only visits loopback http URLs, not {url}.");
        }
    }
}
