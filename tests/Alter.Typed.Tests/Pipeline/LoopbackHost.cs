using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Alter.Typed.Tests.Pipeline;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener on a free port) that records every request it receives, headers,
/// query and body included, and answers as told: a provider host that redirects, or the "foreign host" an attacker runs.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    public sealed record Seen(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Body);

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Func<HttpListenerRequest, (int Status, string? Location, string Body)> _answer;

    public LoopbackHost(Func<HttpListenerRequest, (int Status, string? Location, string Body)> answer)
    {
        _answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0); // HttpListener cannot bind port 0
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUri { get; }

    public string Authority => BaseUri.Authority;

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>Everything this host received, as one text: a secret must not occur in it.</summary>
    public string Everything => string.Join("\n", Requests.Select(r => $"{r.Method} {r.Url}\n{string.Join("\n", r.Headers.Select(h => h.Key + ": " + h.Value))}\n{r.Body}"));

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var request = context.Request;
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new Seen(request.HttpMethod, request.Url!.ToString(),
                request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k] ?? ""), body));
            var (status, location, text) = _answer(request);
            context.Response.StatusCode = status;
            if (location is not null) context.Response.Headers["Location"] = location;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(text);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
