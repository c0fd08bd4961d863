using Alter.Typed.ApprovalFlow;

namespace Alter.Typed.Http;

/// <summary>
/// Evaluates the app's <see cref="ICallPolicy"/> list before anything is sent; with none (the default) it costs one check.
/// When a policy marks the call as needing a human approval, the <see cref="ApprovalGate"/> runs after all of them passed.
/// </summary>
internal sealed class PolicyHandler(ICallPolicy[] policies, ApprovalGate? approvals = null) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => policies.Length == 0 ? base.SendAsync(request, cancellationToken) : EvaluateThenSendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> EvaluateThenSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = AlterPipeline.ContextOf(request);
        context.ApprovalGateAvailable = approvals is not null;
        foreach (var policy in policies)
            await policy.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
        if (context.ApprovalRequiredBy is { } holder)
        {
            if (approvals is null) throw new PolicyDeniedException($"Access policy '{holder}' needs a human approval and no approval store is configured.", PolicyRules.ApprovalRequired);
            await approvals.CheckAsync(context, request, cancellationToken).ConfigureAwait(false);
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
