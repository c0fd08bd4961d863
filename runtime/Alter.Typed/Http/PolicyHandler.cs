namespace Alter.Typed.Http;

/// <summary>Evaluates the app's <see cref="ICallPolicy"/> list before anything is sent; with none (the default) it costs one check.</summary>
internal sealed class PolicyHandler(ICallPolicy[] policies) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => policies.Length == 0 ? base.SendAsync(request, cancellationToken) : EvaluateThenSendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> EvaluateThenSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = AlterPipeline.ContextOf(request);
        foreach (var policy in policies)
            await policy.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
