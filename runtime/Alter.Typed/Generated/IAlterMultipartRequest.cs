using System.ComponentModel;

namespace Alter.Typed.Generated;

/// <summary>A generated request object whose body is <c>multipart/form-data</c>: it names its parts itself (its path, query and header parameters, if any, go through <see cref="IAlterRequest"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IAlterMultipartRequest
{
    /// <summary>Writes the body's parts.</summary>
    void WriteParts(MultipartParts parts);
}
