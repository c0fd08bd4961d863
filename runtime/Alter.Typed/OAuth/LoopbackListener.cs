using System.Net;
using System.Net.Sockets;
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

    /// <summary>Waits for the browser to arrive at the callback path and returns its query parameters; answers it with <paramref name="respond"/>'s page.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WaitForCallbackAsync(Func<IReadOnlyDictionary<string, string>, (int Status, string Html)> respond, CancellationToken cancellationToken)
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
            var (status, html) = respond(parameters);
            var bytes = Encoding.UTF8.GetBytes(html);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            context.Response.Close();
            return parameters;
        }
    }

    public void Dispose() => _listener.Close();
}
