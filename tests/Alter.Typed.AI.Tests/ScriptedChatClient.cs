using Microsoft.Extensions.AI;

namespace Alter.Typed.AI.Tests;

/// <summary>
/// A chat "model" with no model: each request answers with the next scripted turn (tool calls, or a final text), and it
/// records every request it saw (so a test reads the function results the invoking client sent back).
/// </summary>
internal sealed class ScriptedChatClient(params IReadOnlyList<AIContent>[] turns) : IChatClient
{
    private int _next;

    public List<List<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    /// <summary>A turn that calls one tool with the given arguments.</summary>
    public static IReadOnlyList<AIContent> Call(string tool, Dictionary<string, object?> arguments, string id = "call-1")
        => [new FunctionCallContent(id, tool, arguments)];

    /// <summary>A turn that answers with text (ends the function loop).</summary>
    public static IReadOnlyList<AIContent> Say(string text) => [new TextContent(text)];

    /// <summary>The function results the invoking client sent back to the "model", in order.</summary>
    public IReadOnlyList<FunctionResultContent> Results
        => [.. Requests.LastOrDefault()?.SelectMany(m => m.Contents).OfType<FunctionResultContent>() ?? []];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add([.. messages]);
        Options.Add(options);
        var turn = _next < turns.Length ? turns[_next++] : Say("done");
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. turn])));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
