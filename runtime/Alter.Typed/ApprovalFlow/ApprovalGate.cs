using Alter.Typed.Http;

namespace Alter.Typed.ApprovalFlow;

/// <summary>
/// Runs in the policy slot after every policy passed, for a call a policy marked as needing a human approval
/// (<see cref="CallContext.ApprovalRequiredBy"/>): binds the exact request (<see cref="ApprovalBinding"/>), then lets it
/// go on only by using up an approval of that binding. Otherwise it throws <see cref="ApprovalPendingException"/> (after
/// waiting up to <see cref="AlterOptions.ApprovalWait"/>, polling on the options' clock) or, when a human denied it,
/// <see cref="ApprovalDeniedException"/>. The call's audit row names the approval either way. A call through a delegation
/// does not wait (it is held at once), so a delegation revoked while a human decides is never used.
/// </summary>
internal sealed class ApprovalGate(ApprovalStore store, AlterOptions options)
{
    public async ValueTask CheckAsync(CallContext context, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var binding = await ApprovalBinding.ComputeAsync(context, request, cancellationToken).ConfigureAwait(false);
        var time = options.TimeProvider;
        // A call through a delegation never waits: the delegation is checked when the call starts, and the user may revoke
        // it while a human decides. It is held at once; made again after the approval, the call rechecks everything.
        var wait = context.Delegation is null ? options.ApprovalWait : TimeSpan.Zero;
        var deadline = wait > TimeSpan.Zero ? time.GetUtcNow() + wait : (DateTimeOffset?)null;
        while (true)
        {
            var now = time.GetUtcNow();
            var decision = store.Decide(context, binding, now);
            context.ApprovalId = decision.Id;
            switch (decision)
            {
                case ApprovalStore.Approved:
                    return;
                case ApprovalStore.Denied denied:
                    throw new ApprovalDeniedException(
                        $"{Describe(context)} needed a human approval and {denied.DecidedBy ?? "an approver"} denied it (approval {denied.Id}){(denied.Reason is { } reason ? ": " + reason : "")}. Nothing was sent.",
                        denied.Id, denied.DecidedBy, denied.Reason);
                case ApprovalStore.Pending pending when deadline is null || now >= deadline:
                    throw new ApprovalPendingException(
                        $"{Describe(context)} needs a human approval (policy '{context.ApprovalRequiredBy}'): approval {pending.Id} is pending until {pending.ExpiresAt:u}. " +
                        $"Approve it (app.Approvals.Approve(\"{pending.Id}\", ...) or `alter approvals approve {pending.Id}`), then make the same call again; nothing was sent.",
                        pending.Id, pending.ExpiresAt);
                default:
                    var left = deadline!.Value - now;
                    await Task.Delay(left < options.ApprovalPollInterval ? left : options.ApprovalPollInterval, time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static string Describe(CallContext context) => $"{context.Provider.Id}:{context.Operation}";
}
