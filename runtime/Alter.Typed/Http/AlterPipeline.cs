using Alter.Typed.Audit;
using Alter.Typed.OAuth;
using Microsoft.Extensions.Logging;

namespace Alter.Typed.Http;

/// <summary>
/// The call pipeline, composed in this one place, outermost first:
/// <list type="number">
/// <item><see cref="AuditHandler"/>: times the call, writes its audit row (denied and refused calls too) and telemetry;</item>
/// <item><see cref="CallContextHandler"/>: resolves the grant once and binds the provider to it;</item>
/// <item><see cref="PolicyHandler"/>: the <see cref="ICallPolicy"/> list, before anything is sent (empty by default; an
/// agent's app puts its delegations' rules and the agent's stored policy, <see cref="AgentPolicyEnforcer"/>, first), then
/// the approval gate for a call a policy holds for a human approval;</item>
/// <item>the handlers users add (<see cref="AlterOptions.Handlers"/>): they see the call context, never a credential;</item>
/// <item><see cref="ResilienceHandler"/>: the one retry mechanism (429, transient failures of idempotent calls);</item>
/// <item><see cref="CredentialHandler"/>: host check, credential, one refresh on a dead token, redirects, the verdict;</item>
/// <item>the primary handler (network I/O, automatic redirects off).</item>
/// </list>
/// </summary>
internal static class AlterPipeline
{
    /// <summary>The call's context.</summary>
    public static readonly HttpRequestOptionsKey<CallContext> Context = new("Alter.CallContext");

    /// <summary>
    /// Composes the pipeline. <paramref name="agentPolicy"/> is the agent's stored policy for an app opened with an agent's
    /// key (evaluated before <see cref="AlterOptions.Policies"/>), null otherwise; <paramref name="approvals"/> holds calls a
    /// policy marks for a human approval.
    /// </summary>
    public static HttpMessageHandler Build(AuditLog audit, Apps.ApiKeyGuard? key, GrantResolver grants, TokenManager tokens, AlterOptions options, ILogger logger, HttpMessageHandler primary,
        ICallPolicy? agentPolicy = null, ApprovalFlow.ApprovalGate? approvals = null)
    {
        HttpMessageHandler inner = new CredentialHandler(tokens, options.TimeProvider, logger) { InnerHandler = primary };
        inner = new ResilienceHandler(options) { InnerHandler = inner };
        for (var i = options.Handlers.Count - 1; i >= 0; i--)
        {
            var handler = options.Handlers[i]() ?? throw new AlterException($"AlterOptions.Handlers[{i}] returned null: return a new DelegatingHandler.");
            if (handler.InnerHandler is not null)
                throw new AlterException($"AlterOptions.Handlers[{i}] returned a {handler.GetType().Name} that already has an inner handler: return a new instance each time.");
            handler.InnerHandler = inner;
            inner = handler;
        }
        // An agent's app checks its delegations' own rules first (only an agent uses a delegation), then the agent's stored
        // policy, then the app's; the app's own pipelines keep the empty-list fast path.
        ICallPolicy[] policies = key?.Agent is not null
            ? agentPolicy is null ? [new DelegationPolicy(), .. options.Policies] : [new DelegationPolicy(), agentPolicy, .. options.Policies]
            : [.. options.Policies];
        inner = new PolicyHandler(policies, approvals) { InnerHandler = inner };
        inner = new CallContextHandler(grants, key) { InnerHandler = inner };
        return new AuditHandler(new AuditLogSink(audit), options.TimeProvider, audit.Store) { InnerHandler = inner };
    }

    /// <summary>
    /// Turns automatic redirects off on a primary handler the app was given, and on the handler at the end of its
    /// <see cref="DelegatingHandler"/> chain, when it still can: the pipeline follows redirects itself, only to the
    /// provider's hosts. Returns false when it could not (another handler type, or one that already sent: its settings
    /// are frozen); such a handler must not follow redirects.
    /// </summary>
    public static bool DisableAutoRedirect(HttpMessageHandler primary)
    {
        var handler = primary;
        while (handler is DelegatingHandler { InnerHandler: { } inner }) handler = inner;
        try
        {
            switch (handler)
            {
                case SocketsHttpHandler sockets:
                    if (sockets.AllowAutoRedirect) sockets.AllowAutoRedirect = false;
                    return true;
                case HttpClientHandler client:
                    if (client.AllowAutoRedirect) client.AllowAutoRedirect = false;
                    return true;
                default:
                    return false;
            }
        }
        catch (InvalidOperationException)
        {
            return false; // it already sent a request
        }
    }

    /// <summary>The call's context; a request that did not come through the app has none.</summary>
    public static CallContext ContextOf(HttpRequestMessage request)
        => request.Options.TryGetValue(Context, out var context)
            ? context
            : throw new InvalidOperationException("A request reached the Alter pipeline without a call context; send it through AlterApp.");
}
