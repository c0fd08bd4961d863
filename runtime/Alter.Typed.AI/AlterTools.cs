using Microsoft.Extensions.AI;

namespace Alter.Typed.AI;

/// <summary>
/// The typed operations an app's caller may call, as Microsoft.Extensions.AI tools: <c>app.Tools()</c>. Hand them to a
/// chat client (<c>ChatOptions.Tools</c>, with <c>UseFunctionInvocation()</c>) or serve them over MCP.
/// </summary>
public static class AlterTools
{
    /// <summary>
    /// One <see cref="AIFunction"/> per typed operation of the app's providers that its policies allow the caller (the
    /// app, or the agent whose key opened it) to call. Each has a model-safe name (<c>slack_chat_postMessage</c>), the
    /// description's summary, and the JSON schema of the operation's arguments (path parameters and request body);
    /// identity is never an argument (<paramref name="scope"/> decides it).
    /// </summary>
    /// <remarks>
    /// The list is decided now, from the rules that need no call (allowed providers and operations, approvals). Every
    /// invocation is a typed call through the app's pipeline: all policies are checked again then (so a policy that
    /// changes, or a delegation that is revoked, stops a tool already handed out), the vault injects the grant's token,
    /// and the audit row names the tool. Operations a tool cannot call from JSON (file uploads, raw bodies, required
    /// query or header parameters) are not listed; a request object's query parameters are arguments of their own, its
    /// optional headers are not arguments.
    /// </remarks>
    /// <param name="app">The app (opened with the app's key or an agent's key).</param>
    /// <param name="scope">Whom the calls act for and under which grants; <see langword="null"/> as for any typed call of <paramref name="app"/>.</param>
    /// <returns>The tools, in the providers' and their descriptions' order.</returns>
    public static IReadOnlyList<AIFunction> Tools(this AlterApp app, ToolScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        scope ??= new ToolScope();
        Delegation? delegation = null;
        GrantInfo? delegated = null;
        if (scope.Delegation is { } delegationId)
        {
            if (scope.Grants is not null)
                throw new ArgumentException("A tool scope with a delegation takes no Grants: the delegation names its grant.", nameof(scope));
            (delegation, delegated) = app.CheckDelegation(delegationId);
            // A host that takes the delegation id from a request ties it to its signed-in user; every call checks it again.
            if (scope.Principal is { } user && !user.Equals(delegation.User))
                throw new AgentAccessException($"Delegation {delegation.Id} acts for another user than {user}: an agent acts for a user only through a delegation that user made.");
        }
        var tools = new List<AIFunction>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in app.Providers)
        {
            var listed = scope.Providers is not { } only || only.Contains(provider.Id, StringComparer.Ordinal);
            foreach (var operation in provider.Operations)
            {
                if (operation.Tool is null) continue;
                // Named over every operation a tool can call, before any filter: whatever the policy or scope of the
                // moment, a name always stands for the same operation (a client listing and calling in two requests).
                var name = ToolNames.Unique(operation, names);
                if (!listed) continue;
                if (scope.Operations is { } filter && !filter(operation.PolicyId)) continue;
                if (CallPermission.Check(app, operation) is not null) continue;
                if (delegation is not null && !Delegates(delegation, delegated!, operation)) continue;
                tools.Add(new OperationFunction(app, provider, operation, scope, name));
            }
        }
        return tools;
    }

    /// <summary>What a call through the delegation would pass: its grant's provider, an operation it names, scopes the grant holds.</summary>
    private static bool Delegates(Delegation delegation, GrantInfo grant, OperationDescriptor operation)
        => string.Equals(operation.ProviderId, grant.Provider, StringComparison.Ordinal)
            && delegation.AllowsOperation(operation.ProviderId, operation.Id)
            && (operation.Scopes is not { Count: > 0 } needed || needed.All(s => grant.Scopes.Contains(s, StringComparer.Ordinal)));

    /// <summary>
    /// Audits the tool calls a model asks for that name no tool the request offered (a prompt-injected call to an
    /// operation outside the policy): each is written to <paramref name="app"/>'s audit log as
    /// <c>denied:tool:not_listed</c> with the tool's name. Add it after <c>UseFunctionInvocation()</c>, so it sees the
    /// model's answers first: <c>builder.UseFunctionInvocation().UseAlterToolAudit(app)</c>.
    /// </summary>
    /// <param name="builder">The chat client pipeline.</param>
    /// <param name="app">The app whose audit log records the refusals.</param>
    /// <param name="principal">Whom the rows name (the tools' <see cref="ToolScope.Principal"/>); <see langword="null"/> for the app's caller.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseAlterToolAudit(this ChatClientBuilder builder, AlterApp app, Principal? principal = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(app);
        return builder.Use(inner => new ToolCallAuditChatClient(inner, app, principal));
    }
}
