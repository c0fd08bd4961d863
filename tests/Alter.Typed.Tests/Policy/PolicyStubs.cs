using Alter.Typed.Http;
using Alter.Typed.Tests.Pipeline;

namespace Alter.Typed.Tests.Policy;

/// <summary>Stub call contexts for the policy enforcers tested alone, and the rule a policy denies one with.</summary>
internal static class PolicyStubs
{
    /// <summary>
    /// A call to <c>acme:<paramref name="operation"/></c> under grant <c>grant_1</c> (scope <c>read</c>), resolved for
    /// <paramref name="principal"/> (unresolved when null), timed on <paramref name="time"/> when given (else it has no time,
    /// as a context that did not come through the pipeline).
    /// </summary>
    public static CallContext Context(Principal? principal, string operation = "things.get", bool typed = true, TimeProvider? time = null)
    {
        var provider = new ResolvedProvider(Stub.Descriptor(), null);
        var context = new CallContext(Stub.App, provider, "grant_1", operation, typed);
        if (time is not null) (context.Timestamp, context.At) = (time.GetTimestamp(), time.GetUtcNow());
        if (principal is not null)
        {
            var grant = new GrantInfo("grant_1", "acme", principal, null, ["read"], GrantStatus.Active, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new Dictionary<string, string>());
            context.Resolve(principal, grant, provider);
        }
        return context;
    }

    /// <summary>The rule <paramref name="policy"/> denies <paramref name="context"/> with; null when it allows it.</summary>
    public static async Task<string?> RuleAsync(ICallPolicy policy, CallContext context)
    {
        try
        {
            await policy.EvaluateAsync(context, CancellationToken.None);
            return null;
        }
        catch (PolicyDeniedException denied)
        {
            return denied.Rule;
        }
    }
}
