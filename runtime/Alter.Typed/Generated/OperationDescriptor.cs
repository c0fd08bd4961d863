using System.ComponentModel;

namespace Alter.Typed.Generated;

/// <summary>One operation of a provider, as generated from its description. Used by generated code.</summary>
/// <param name="ProviderId">The provider's id.</param>
/// <param name="Id">The provider's own operation id (<c>chat.postMessage</c>, <c>issues/create</c>): what the audit log records.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathTemplate">The path relative to the API base URL, with <c>{name}</c> placeholders.</param>
/// <param name="Body">How the request body is encoded.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record OperationDescriptor(string ProviderId, string Id, HttpMethod Method, string PathTemplate, BodyKind Body)
{
    /// <summary>
    /// The scopes the description says the operation needs (any one of them suffices only where the provider says so;
    /// the description lists them as written); empty: it needs none; null: the description does not say.
    /// </summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>The operation's summary from its description (an AI tool's description); null when the description has none.</summary>
    public string? Summary { get; init; }

    /// <summary>
    /// How an AI tool calls the operation from JSON arguments (set by generated code); null when no tool can: a file
    /// upload, a raw body, or a required parameter outside the path.
    /// </summary>
    public OperationTool? Tool { get; init; }

    /// <summary>
    /// The request object's query parameters, as <c>name:kind</c> (kind: <c>string</c>, <c>boolean</c>, <c>integer</c>,
    /// <c>number</c>, <c>array</c> sent once per value, <c>csv</c> sent comma-separated), which an AI tool takes as
    /// arguments of their own; null when there are none.
    /// </summary>
    public IReadOnlyList<string>? ToolQuery { get; init; }

    /// <summary>How the operation's answers page (its generated streamer walks them); null when it does not page.</summary>
    public Pagination? Pagination { get; init; }

    /// <summary>The id policies name: <c>provider:operationId</c> (<c>slack:chat.postMessage</c>).</summary>
    public string PolicyId => ProviderId + ":" + Id;
}
