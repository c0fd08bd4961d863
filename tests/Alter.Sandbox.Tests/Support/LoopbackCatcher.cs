using System.Collections.Specialized;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Alter.Sandbox.Tests.Support;

/// <summary>The client's side of the redirect: an HttpListener on a free loopback port that catches one callback.</summary>
internal sealed class LoopbackCatcher : IDisposable
{
    private readonly HttpListener _listener = new();

    public LoopbackCatcher()
    {
        // HttpListener cannot bind port 0: take a free port from a TcpListener first.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        RedirectUri = $"http://127.0.0.1:{port}/callback";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
    }

    public string RedirectUri { get; }

    /// <summary>Waits for the browser to arrive, answers it, and returns the callback's query parameters.</summary>
    public async Task<NameValueCollection> NextCallbackAsync()
    {
        var context = await _listener.GetContextAsync();
        var query = HttpUtility.ParseQueryString(context.Request.Url?.Query ?? "");
        var page = Encoding.UTF8.GetBytes("<html><body>You can close this window.</body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength64 = page.Length;
        await context.Response.OutputStream.WriteAsync(page);
        context.Response.Close();
        return query;
    }

    public void Dispose() => _listener.Close();
}
