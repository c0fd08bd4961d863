using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Alter.Typed;

/// <summary>A file to upload in a multipart body. The stream is read from its current position and used up: use a new one per call.</summary>
/// <param name="Content">The bytes; read once when the call is sent (buffered, so a retry can resend them).</param>
/// <param name="FileName">The file name the provider sees.</param>
/// <param name="ContentType">Its media type; default <c>application/octet-stream</c>.</param>
public sealed record FilePart(Stream Content, string FileName, string? ContentType = null);

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

/// <summary>A generated request object whose body is <c>multipart/form-data</c>: it names its parts itself.</summary>
public interface IAlterMultipartRequest : IAlterRequest
{
    /// <summary>Writes the body's parts.</summary>
    void WriteParts(MultipartParts parts);
}

/// <summary>The parts of a multipart body, in the order written; <see langword="null"/> values are left out.</summary>
public sealed class MultipartParts
{
    private readonly MultipartFormDataContent _content = new();
    private readonly JsonSerializerOptions _json;

    internal MultipartParts(JsonSerializerOptions json) => _json = json;

    internal MultipartFormDataContent Content => _content;

    /// <summary>Adds a file part.</summary>
    public MultipartParts File(string name, FilePart? file)
    {
        if (file is null) return this;
        var part = new StreamContent(file.Content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType ?? "application/octet-stream");
        _content.Add(part, name, file.FileName);
        return this;
    }

    /// <summary>Adds a text field.</summary>
    public MultipartParts Field(string name, string? value)
    {
        if (value is not null) _content.Add(new StringContent(value), name);
        return this;
    }

    /// <summary>Adds a boolean field (<c>true</c>/<c>false</c>).</summary>
    public MultipartParts Field(string name, bool? value) => Field(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Adds an integer field.</summary>
    public MultipartParts Field(string name, long? value) => Field(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number field.</summary>
    public MultipartParts Field(string name, double? value) => Field(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Adds an object or array as a JSON text part (<c>application/json</c>), with the provider's naming policy.</summary>
    public MultipartParts Json<T>(string name, T? value)
    {
        if (value is null) return this;
        var part = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, _json));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        _content.Add(part, name);
        return this;
    }
}
