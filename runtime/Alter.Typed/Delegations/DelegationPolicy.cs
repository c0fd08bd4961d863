namespace Alter.Typed.Http;

/// <summary>
/// The delegation's own deny rules, in the policy slot before the app's policies, for calls through a delegation
/// (a no-op for every other call): the operation must be a described one (an untyped request that maps to none is denied
/// with <see cref="PolicyRules.UnknownOperation"/>), named by the delegation's operations when it lists some
/// (<see cref="PolicyRules.DelegationOperationNotAllowed"/>), and every scope its description says it needs must be one
/// the grant holds (<see cref="PolicyRules.GrantScopeMissing"/>). An operation whose description does not say which
/// scopes it needs is left to the provider. Composed only into the pipeline of an app opened with an agent key.
/// </summary>
internal sealed class DelegationPolicy : ICallPolicy
{
    public ValueTask EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        if (context.Delegation is not { } delegation) return default;
        var provider = context.Provider;
        if (!context.IsTypedOperation || string.IsNullOrEmpty(context.Operation))
            throw Denied(PolicyRules.UnknownOperation, $"Delegation {delegation.Id} allows only described operations; {context.Operation} of {provider.Name} is not one. Use the typed client.");
        // The call context already carries the described operation's id and scopes (typed call or mapped Request).
        var policyId = provider.Id + ":" + context.Operation;
        if (!delegation.AllowsOperation(provider.Id, context.Operation))
            throw Denied(PolicyRules.DelegationOperationNotAllowed, $"Delegation {delegation.Id} does not allow {policyId} (it allows {string.Join(", ", delegation.Operations!)}). Ask the user for a delegation that names it.");
        if (context.OperationScopes is { Count: > 0 } needed && needed.Where(s => !context.Scopes.Contains(s, StringComparer.Ordinal)).ToArray() is { Length: > 0 } missing)
            throw Denied(PolicyRules.GrantScopeMissing, $"{policyId} needs the scope {string.Join(", ", missing)}, which grant {context.Grant?.Id} behind delegation {delegation.Id} was not granted. Ask the user to connect {provider.Name} again with it, then delegate the new grant.");
        return default;
    }

    private static PolicyDeniedException Denied(string rule, string message) => new($"{message} ({rule})", rule);
}
