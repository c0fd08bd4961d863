using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.OAuth;

/// <summary>
/// The redirect target of a native app's OAuth flow (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 on an
/// ephemeral port, alive only for one authorization. <see cref="HttpListener"/> cannot bind port 0, so a free
/// port is taken from a <see cref="TcpListener"/> first (retrying if another process grabs it in between).
/// </summary>
internal sealed class LoopbackListener : IDisposable
{
    private readonly HttpListener _listener;

    private LoopbackListener(HttpListener listener, Uri redirectUri) => (_listener, RedirectUri) = (listener, redirectUri);

    public Uri RedirectUri { get; }

    /// <summary>How many requests reached the callback path with a missing or wrong <c>state</c> (answered 400 and ignored).</summary>
    public int RefusedCallbacks => Volatile.Read(ref _refused);

    private int _refused;

    public static LoopbackListener Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            var prefix = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new LoopbackListener(listener, new Uri(prefix + "callback"));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// Waits for the browser to arrive at the callback path with <paramref name="expectedState"/> and returns its query
    /// parameters, answering it with <paramref name="respond"/>'s page. A request with a missing or wrong state is answered
    /// 400 and the wait goes on until <paramref name="cancellationToken"/> (the Connect timeout): any local page can reach a
    /// loopback port, and were the first request to end the flow, a page that guessed the port could abort every Connect.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> WaitForCallbackAsync(string expectedState, Func<IReadOnlyDictionary<string, string>, (int Status, string Html)> respond, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => _listener.Stop()).ConfigureAwait(false);
        while (true)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception) when (cancellationToken.IsCancellationRequested) { throw new OperationCanceledException(cancellationToken); }

            if (!string.Equals(context.Request.Url?.AbsolutePath, RedirectUri.AbsolutePath, StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404; // favicon and the like
                context.Response.Close();
                continue;
            }
            var query = context.Request.QueryString;
            var parameters = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k] ?? "", StringComparer.Ordinal);
            if (!parameters.TryGetValue("state", out var state) || !StateMatches(state, expectedState))
            {
                Interlocked.Increment(ref _refused);
                await AnswerAsync(context, 400, ForeignStatePage, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var (status, html) = respond(parameters);
            await AnswerAsync(context, status, html, cancellationToken).ConfigureAwait(false);
            return parameters;
        }
    }

    private const string ForeignStatePage = "<!doctype html><html><head><meta charset=\"utf-8\"><title>AlterTyped</title></head><body><p>"
        + "This link does not belong to the connection in progress, so it was ignored. Finish connecting in the window the application opened.</p></body></html>";

    /// <summary>Compares in fixed time, so the answer's timing says nothing about how much of a guessed state was right.</summary>
    private static bool StateMatches(string given, string expected)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static async Task AnswerAsync(HttpListenerContext context, int status, string html, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        try
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The page went away before it read the answer; the callback itself counts, not the page.
            context.Response.Abort();
        }
    }

    public void Dispose() => _listener.Close();
}
