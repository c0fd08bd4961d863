namespace Alter.Benchmarks;

/// <summary>
/// A provider that answers after a delay (1 ms in the benchmarks) in place of the network: with a round trip in the
/// call, what durable audit adds is the commit the call waits for, set against a call that takes as long as real ones.
/// </summary>
internal sealed class DelayedSlackHandler(TimeSpan delay) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await CannedSlackHandler.ConsumeBodyAsync(request, cancellationToken).ConfigureAwait(false);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        return CannedSlackHandler.Answer(request);
    }
}
