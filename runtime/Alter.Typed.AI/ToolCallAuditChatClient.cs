using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Alter.Typed.AI;

/// <summary>
/// Sits between the function-invoking client and the model: every tool call the model asks for that names no tool of
/// the request's <see cref="ChatOptions.Tools"/> (a prompt-injected call to an operation the app did not hand out) is
/// written to the app's audit log (<c>denied:tool:not_listed</c>, the tool as named). The function-invoking client then
/// refuses it; nothing reaches a provider.
/// </summary>
internal sealed class ToolCallAuditChatClient(IChatClient inner, AlterApp app, Principal? principal) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var message in response.Messages)
            await AuditAsync(message.Contents, options, cancellationToken).ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            await AuditAsync(update.Contents, options, cancellationToken).ConfigureAwait(false);
            yield return update;
        }
    }

    private async ValueTask AuditAsync(IList<AIContent> contents, ChatOptions? options, CancellationToken cancellationToken)
    {
        foreach (var content in contents)
        {
            if (content is not FunctionCallContent call || call.InformationalOnly) continue;
            if (options?.Tools is { } tools && tools.Any(t => t is AIFunctionDeclaration && string.Equals(t.Name, call.Name, StringComparison.Ordinal))) continue;
            await Audit.ToolAudit.RefusedAsync(app, call.Name, principal, cancellationToken).ConfigureAwait(false);
        }
    }
}
