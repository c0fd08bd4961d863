namespace Alter.Typed;

/// <summary>A file to upload in a multipart body. The stream is read from its current position and used up: use a new one per call.</summary>
/// <param name="Content">The bytes; read once when the call is sent (buffered, so a retry can resend them).</param>
/// <param name="FileName">The file name the provider sees.</param>
/// <param name="ContentType">Its media type; default <c>application/octet-stream</c>.</param>
public sealed record FilePart(Stream Content, string FileName, string? ContentType = null);
