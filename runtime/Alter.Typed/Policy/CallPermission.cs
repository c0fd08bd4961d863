using Alter.Typed.Http;

namespace Alter.Typed;

/// <summary>
/// The one question "may this app's caller call this operation?" asked before any call exists (which AI tools to list).
/// It answers from the rules that need no call; the pipeline still enforces every rule on each call, so a tool listed
/// while allowed is stopped when the policy (or a delegation) changes. It asks the agent's stored policy (an agent's app)
/// and the app's <see cref="AccessPolicyEnforcer"/>s; extend it here when a new kind of policy appears: every lister of
/// operations goes through it.
/// </summary>
internal static class CallPermission
{
    /// <summary>Null when <paramref name="app"/>'s caller may call <paramref name="operation"/>; otherwise the rule that denies it.</summary>
    /// <remarks>
    /// A policy of the app's own (<see cref="ICallPolicy"/> other than <see cref="AccessPolicyEnforcer"/>) cannot be asked
    /// without a call: it does not hide the operation, and it decides on each call.
    /// </remarks>
    public static string? Check(AlterApp app, OperationDescriptor operation)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            // An agent's app: its stored policy first; none (or one that cannot be read) allows nothing, as in the pipeline.
            if (app.AgentPolicy is { } agent)
            {
                if (agent.CurrentPolicy() is not { } stored) return PolicyRules.NoRule;
                if (AccessPolicyEnforcer.DryRun(stored, operation.ProviderId, operation.Id) is { } denied) return denied;
            }
            foreach (var policy in app.Policies)
            {
                if (policy is AccessPolicyEnforcer enforcer && enforcer.DryRun(operation.ProviderId, operation.Id) is { } rule)
                    return rule;
            }
            return null;
        }
        catch (Exception)
        {
            // Fail closed, as the pipeline does.
            return PolicyRules.EvaluationFailed;
        }
    }
}
