namespace Alter.Typed;

/// <summary>
/// A generated request object. Its optional path, query and header parameters are written to
/// <see cref="RequestArguments"/>; its remaining properties are the request body.
/// </summary>
public interface IAlterRequest
{
    /// <summary>Writes the non-body parameters this request carries.</summary>
    void WriteParameters(RequestArguments arguments);
}
