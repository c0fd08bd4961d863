namespace Alter.Typed;

/// <summary>
/// A raw request body of a given media type (an image, a Markdown text) for operations that take one. The stream is read
/// from its current position and used up: use a new one per call.
/// </summary>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">The media type, for example <c>image/jpeg</c> or <c>text/plain</c>.</param>
public sealed record RawBody(Stream Content, string ContentType)
{
    /// <summary>A raw body from text.</summary>
    public static RawBody FromText(string text, string contentType = "text/plain")
        => new(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), contentType);
}
