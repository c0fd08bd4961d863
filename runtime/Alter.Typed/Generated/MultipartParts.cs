using System.ComponentModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Alter.Typed.Generated;

/// <summary>The parts of a multipart body, in the order written; <see langword="null"/> values are left out.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
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

    /// <summary>Adds an object or array as a JSON text part (<c>application/json</c>), with the provider's naming policy and its generated metadata (no reflection).</summary>
    public MultipartParts Json<T>(string name, T? value)
    {
        if (value is null) return this;
        var part = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)_json.GetTypeInfo(typeof(T))));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        _content.Add(part, name);
        return this;
    }
}
