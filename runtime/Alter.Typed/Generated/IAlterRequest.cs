using System.ComponentModel;

namespace Alter.Typed.Generated;

/// <summary>
/// A generated request object. Its optional path, query and header parameters are written to
/// <see cref="RequestArguments"/>; its remaining properties are the request body. Implemented by generated code only for
/// requests that have such parameters.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IAlterRequest
{
    /// <summary>Writes the non-body parameters this request carries.</summary>
    void WriteParameters(RequestArguments arguments);
}
