using System.ComponentModel;

namespace Alter.Typed.Generated;

/// <summary>How an operation's request body is encoded. Used by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
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
