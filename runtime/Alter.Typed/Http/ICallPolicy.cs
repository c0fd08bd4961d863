namespace Alter.Typed.Http;

/// <summary>
/// A rule evaluated before a call is sent, with its grant resolved (<see cref="CallContext.Grant"/>). To refuse the call,
/// throw <see cref="PolicyDeniedException"/>: nothing is sent and the denial is audited with its rule. Any other exception
/// also fails the call (policies fail closed). Add policies with <see cref="AlterOptions.Policies"/>.
/// </summary>
public interface ICallPolicy
{
    /// <summary>Checks the call; returns when it may go on.</summary>
    /// <param name="context">The call: app, grant, principal, provider, operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask EvaluateAsync(CallContext context, CancellationToken cancellationToken);
}
