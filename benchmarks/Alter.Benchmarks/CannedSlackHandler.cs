using System.Net;
using System.Text;

namespace Alter.Benchmarks;

/// <summary>An in-memory "network": answers every request with Slack's chat.postMessage success body, so only client-side cost is measured.</summary>
internal sealed class CannedSlackHandler : HttpMessageHandler
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"ok":true,"channel":"C0GENERAL","ts":"1732767600.000100","message":{"type":"message","user":"U0SANDBOX","text":"Hello from Alter.","ts":"1732767600.000100","bot_id":"B0SANDBOX"}}""");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A transport writes the request body to the wire. Without this, a variant whose content serializes lazily
        // (JsonContent, as the hand-written call and Refit use) would skip the JSON work that the typed call does eagerly.
        var sent = ConsumeBodyAsync(request, cancellationToken);
        return sent.IsCompletedSuccessfully ? Task.FromResult(Answer(request)) : AnswerAfter(sent, request);
    }

    /// <summary>
    /// <c>BENCH_SKIP_BODY=1</c> restores the network of the figures measured before 2026-12-06's second session, which
    /// never read the request body: only to compare with them.
    /// </summary>
    private static readonly bool SkipBody = Environment.GetEnvironmentVariable("BENCH_SKIP_BODY") == "1";

    /// <summary>Writes the request's body to nowhere, as a transport writes it to the connection.</summary>
    public static Task ConsumeBodyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => request.Content is { } content && !SkipBody ? content.CopyToAsync(Stream.Null, cancellationToken) : Task.CompletedTask;

    private static async Task<HttpResponseMessage> AnswerAfter(Task sent, HttpRequestMessage request)
    {
        await sent.ConfigureAwait(false);
        return Answer(request);
    }

    /// <summary>Slack's answer to <paramref name="request"/>.</summary>
    public static HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
