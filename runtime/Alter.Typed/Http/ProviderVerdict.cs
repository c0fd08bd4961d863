using System.Text.Json;

namespace Alter.Typed.Http;

/// <summary>Reads a provider's answer against its error convention: did it fail, with which code, and does that mean "token dead"?</summary>
internal static class ProviderVerdict
{
    public readonly record struct Verdict(bool Ok, string? Code, bool TokenRejected);

    public static ValueTask<Verdict> ReadAsync(HttpResponseMessage response, ProviderErrorConvention errors, CancellationToken cancellationToken)
    {
        var statusRejects = errors.ReauthStatus.Contains((int)response.StatusCode);
        var needsBody = statusRejects || !response.IsSuccessStatusCode || errors.OkProperty is not null;
        return !needsBody || !IsJson(response)
            ? new(new Verdict(response.IsSuccessStatusCode, null, statusRejects))
            : ReadBodyAsync(response, errors, statusRejects, cancellationToken);
    }

    private static ValueTask<Verdict> ReadBodyAsync(HttpResponseMessage response, ProviderErrorConvention errors, bool statusRejects, CancellationToken cancellationToken)
    {
        // Buffer so the caller can still read the body after we looked at it.
        var buffering = response.Content.LoadIntoBufferAsync(cancellationToken);
        // Already in memory (or buffered at once): the common {"ok":true,... answer is judged with no async frame.
        return buffering.IsCompletedSuccessfully && response.IsSuccessStatusCode && !statusRejects && errors.OkProperty is not null && PrefixSaysOk(response.Content, errors.OkProperty)
            ? new(new Verdict(true, null, false))
            : ReadBodySlowAsync(buffering, response, errors, statusRejects, cancellationToken);
    }

    private static async ValueTask<Verdict> ReadBodySlowAsync(Task buffering, HttpResponseMessage response, ProviderErrorConvention errors, bool statusRejects, CancellationToken cancellationToken)
    {
        await buffering.ConfigureAwait(false);
        if (response.IsSuccessStatusCode && !statusRejects && errors.OkProperty is not null && PrefixSaysOk(response.Content, errors.OkProperty))
            return new Verdict(true, null, false); // the common case: {"ok":true,... read from the first bytes only
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (okValue, code) = Scan(bytes, errors.OkProperty, errors.CodeProperty);
        var ok = response.IsSuccessStatusCode && okValue != false;
        var codeRejects = !ok && code is not null && errors.ReauthCodes.Contains(code);
        return new Verdict(ok, ok ? null : code, statusRejects || codeRejects);
    }

    /// <summary>
    /// Reads only the start of a buffered body: providers put their ok flag first (<c>{"ok":true,</c>), so a success is
    /// known without parsing or copying the whole body. Anything less certain falls back to the full scan.
    /// </summary>
    private static bool PrefixSaysOk(HttpContent content, string okProperty)
    {
        var stream = content.ReadAsStream(); // the buffered body; shared, so its position is restored below
        if (!stream.CanSeek) return false;
        Span<byte> prefix = stackalloc byte[256];
        var read = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var reader = new Utf8JsonReader(prefix[..read], isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOk = reader.ValueTextEquals(okProperty);
                if (!reader.Read()) return false;
                if (isOk) return reader.TokenType == JsonTokenType.True;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip()) return false;
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    private static bool IsJson(HttpResponseMessage response)
        => response.Content.Headers.ContentType?.MediaType is { } media && (media.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds the top-level ok flag and error code without building a document.</summary>
    private static (bool? Ok, string? Code) Scan(ReadOnlySpan<byte> json, string? okProperty, string? codeProperty)
    {
        bool? ok = null;
        string? code = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return (null, null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOk = okProperty is not null && reader.ValueTextEquals(okProperty);
                var isCode = codeProperty is not null && reader.ValueTextEquals(codeProperty);
                reader.Read();
                if (isOk && reader.TokenType is JsonTokenType.True or JsonTokenType.False) ok = reader.GetBoolean();
                else if (isCode && reader.TokenType == JsonTokenType.String) code = reader.GetString();
                else reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the status code decides.
        }
        return (ok, code);
    }
}
