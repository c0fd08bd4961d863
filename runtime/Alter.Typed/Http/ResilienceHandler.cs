using Polly;

namespace Alter.Typed.Http;

/// <summary>
/// Retries rate-limited and transiently failed attempts (<see cref="RateLimitRetry"/>). The happy path is a plain send
/// with no async frame of its own: the Polly pipeline is entered only when the first answer asks for a retry.
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private readonly RateLimitRetry _retry;
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _send;

    public ResilienceHandler(AlterOptions options)
    {
        _retry = new RateLimitRetry(options);
        _send = base.SendAsync;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Task<HttpResponseMessage> sent;
        try { sent = base.SendAsync(request, cancellationToken); }
        catch (Exception e) when (_retry.NeedsRetry(e, request.Method)) { return _retry.RetryAsync(request, Outcome.FromException<HttpResponseMessage>(e), _send, cancellationToken); }
        return sent.IsCompletedSuccessfully && !_retry.NeedsRetry(sent.Result, request.Method) ? sent : CompleteAsync(request, sent, cancellationToken);
    }

    private async Task<HttpResponseMessage> CompleteAsync(HttpRequestMessage request, Task<HttpResponseMessage> sent, CancellationToken cancellationToken)
    {
        Outcome<HttpResponseMessage> first;
        try { first = Outcome.FromResult(await sent.ConfigureAwait(false)); }
        catch (Exception e) when (_retry.NeedsRetry(e, request.Method)) { first = Outcome.FromException<HttpResponseMessage>(e); }
        if (first.Result is { } response && !_retry.NeedsRetry(response, request.Method)) return response;
        return await _retry.RetryAsync(request, first, _send, cancellationToken).ConfigureAwait(false);
    }
}
