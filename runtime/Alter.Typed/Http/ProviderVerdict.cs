using System.Text.Json;

namespace Alter.Typed.Http;

/// <summary>Reads a provider's answer against its error convention: did it fail, with which code, and does that mean "token dead"?</summary>
internal static class ProviderVerdict
{
    public readonly record struct Verdict(bool Ok, string? Code, bool TokenRejected);

    public static async ValueTask<Verdict> ReadAsync(HttpResponseMessage response, ProviderErrorConvention errors, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var statusRejects = errors.ReauthStatus.Contains(status);
        var needsBody = statusRejects || !response.IsSuccessStatusCode || errors.OkProperty is not null;
        if (!needsBody || !IsJson(response)) return new Verdict(response.IsSuccessStatusCode, null, statusRejects);

        // Buffer so the caller can still read the body after we looked at it.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (okValue, code) = Scan(bytes, errors.OkProperty, errors.CodeProperty);
        var ok = response.IsSuccessStatusCode && okValue != false;
        var codeRejects = !ok && code is not null && errors.ReauthCodes.Contains(code);
        return new Verdict(ok, ok ? null : code, statusRejects || codeRejects);
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
