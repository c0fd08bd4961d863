namespace Alter.Typed;

/// <summary>How an operation's request body is encoded.</summary>
public enum BodyKind
{
    /// <summary>No body.</summary>
    None,
    /// <summary><c>application/json</c>.</summary>
    Json,
    /// <summary><c>application/x-www-form-urlencoded</c>.</summary>
    Form,
    /// <summary><c>multipart/form-data</c>: the request object writes its parts (<see cref="IAlterMultipartRequest"/>).</summary>
    Multipart,
    /// <summary>A raw body of the operation's own media type, passed as a <see cref="RawBody"/>.</summary>
    Raw,
}

/// <summary>One operation of a provider, as generated from its description.</summary>
/// <param name="ProviderId">The provider's id.</param>
/// <param name="Id">The provider's own operation id (<c>chat.postMessage</c>, <c>issues/create</c>): what the audit log records.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathTemplate">The path relative to the API base URL, with <c>{name}</c> placeholders.</param>
/// <param name="Body">How the request body is encoded.</param>
public sealed record OperationDescriptor(string ProviderId, string Id, HttpMethod Method, string PathTemplate, BodyKind Body);
