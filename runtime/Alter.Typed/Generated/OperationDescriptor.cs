using System.ComponentModel;

namespace Alter.Typed.Generated;

/// <summary>One operation of a provider, as generated from its description. Used by generated code.</summary>
/// <param name="ProviderId">The provider's id.</param>
/// <param name="Id">The provider's own operation id (<c>chat.postMessage</c>, <c>issues/create</c>): what the audit log records.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathTemplate">The path relative to the API base URL, with <c>{name}</c> placeholders.</param>
/// <param name="Body">How the request body is encoded.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record OperationDescriptor(string ProviderId, string Id, HttpMethod Method, string PathTemplate, BodyKind Body);
