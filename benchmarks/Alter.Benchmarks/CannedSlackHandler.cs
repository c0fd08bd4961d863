using System.Net;
using System.Text;

namespace Alter.Benchmarks;

/// <summary>An in-memory "network": answers every request with Slack's chat.postMessage success body, so only client-side cost is measured.</summary>
internal sealed class CannedSlackHandler : HttpMessageHandler
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"ok":true,"channel":"C0GENERAL","ts":"1732767600.000100","message":{"type":"message","user":"U0SANDBOX","text":"Hello from Alter.","ts":"1732767600.000100","bot_id":"B0SANDBOX"}}""");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Task.FromResult(Answer(request));

    /// <summary>Slack's answer to <paramref name="request"/>.</summary>
    public static HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
