using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Alter.Typed.OAuthTests.Support;

/// <summary>
/// A stand-in for the person's browser in <c>AlterOptions.OpenBrowser</c>: GETs the authorize URL, follows the
/// authorization server's redirects, and delivers the final redirect to the runtime's loopback listener. Tests can
/// tamper with the authorize request and with the redirect before it reaches the listener (a forged state, a replayed code).
/// Like a browser, it never throws at the runtime: it stops on a page that does not redirect.
/// </summary>
internal sealed class FakeBrowser(Uri authorizationServer) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentQueue<Uri> _opened = new();
    private readonly ConcurrentQueue<Uri> _redirects = new();

    /// <summary>Changes the authorize URL before it is requested.</summary>
    public Func<Uri, Uri>? RewriteAuthorizeRequest { get; set; }

    /// <summary>Changes the server's redirect (first argument) before it is delivered; the second argument is the runtime's redirect URI.</summary>
    public Func<Uri, Uri, Uri>? RewriteCallback { get; set; }

    /// <summary>Whether the final redirect is delivered (false: only recorded, for requests no listener waits for).</summary>
    public bool DeliverCallbacks { get; set; } = true;

    /// <summary>The authorize URLs the runtime opened, as it built them.</summary>
    public IReadOnlyList<Uri> Opened => [.. _opened];

    /// <summary>The redirects the authorization server sent back to the app, before any rewrite.</summary>
    public IReadOnlyList<Uri> ServerRedirects => [.. _redirects];

    /// <summary>The codes the server put in its redirects.</summary>
    public IReadOnlyList<string> CodesSeen => [.. _redirects.Select(r => Query(r, "code")).OfType<string>()];

    /// <summary>Where the last navigation ended without a redirect to the app: the server's status and page.</summary>
    public (HttpStatusCode Status, string Body)? StoppedAt { get; private set; }

    /// <summary>The listener's answer to the delivered redirect.</summary>
    public HttpStatusCode? CallbackStatus { get; private set; }

    public async Task OpenAsync(Uri authorizeUrl, CancellationToken cancellationToken)
    {
        _opened.Enqueue(authorizeUrl);
        var redirectUri = new Uri(Query(authorizeUrl, "redirect_uri") ?? throw new InvalidOperationException("The authorize URL has no redirect_uri."));
        var next = RewriteAuthorizeRequest?.Invoke(authorizeUrl) ?? authorizeUrl;
        for (var hop = 0; hop < 10; hop++)
        {
            if (!string.Equals(next.Authority, authorizationServer.Authority, StringComparison.OrdinalIgnoreCase))
            {
                _redirects.Enqueue(next);
                if (!DeliverCallbacks) return;
                var delivered = RewriteCallback?.Invoke(next, redirectUri) ?? next;
                using var callback = await _http.GetAsync(delivered, cancellationToken);
                CallbackStatus = callback.StatusCode;
                return;
            }
            using var response = await _http.GetAsync(next, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(next, location);
                continue;
            }
            StoppedAt = (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            return;
        }
        throw new InvalidOperationException("Too many redirects.");
    }

    public static string? Query(Uri uri, string name)
        => QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The same URI with one query parameter set (added when missing).</summary>
    public static Uri WithQuery(Uri uri, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(uri.Query);
        query[name] = value;
        var builder = new UriBuilder(uri) { Query = QueryString.Create(query).ToUriComponent().TrimStart('?') };
        return builder.Uri;
    }

    /// <summary>The same path and query on another authority (scheme://host:port).</summary>
    public static Uri WithAuthority(Uri uri, Uri authority) => new(authority, uri.PathAndQuery);

    public void Dispose() => _http.Dispose();
}
