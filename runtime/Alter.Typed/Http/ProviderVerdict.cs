using System.Text;
using System.Text.Json;

namespace Alter.Typed.Http;

/// <summary>
/// Reads a provider's answer against its error convention, once, from one read of the body: did it fail, with which code,
/// does that mean "token dead", and does it say a scope is missing (and which)? The credential handler computes it and
/// hands it on in <see cref="CallContext.Verdict"/>; nothing reads the body for it again.
/// </summary>
internal static class ProviderVerdict
{
    /// <summary>The provider's verdict on one answer.</summary>
    /// <param name="Ok">A success status and no <c>ok:false</c> in the body.</param>
    /// <param name="Code">The provider's error code when it failed.</param>
    /// <param name="TokenRejected">The answer says the token is dead (refresh once, then re-auth).</param>
    /// <param name="ScopeMissing">The answer says the token lacks a scope the call needs.</param>
    /// <param name="NeededScopes">The scopes the provider names as needed (empty when none).</param>
    public readonly record struct Verdict(bool Ok, string? Code, bool TokenRejected, bool ScopeMissing = false, IReadOnlyList<string>? NeededScopes = null)
    {
        /// <summary>The scopes the provider names as needed; never null.</summary>
        public IReadOnlyList<string> Needed => NeededScopes ?? [];
    }

    public static ValueTask<Verdict> ReadAsync(HttpResponseMessage response, ProviderErrorConvention errors, CancellationToken cancellationToken)
    {
        // A 401 that says "insufficient_scope" in its challenge is not a dead token: a refresh would not add the scope.
        var statusRejects = errors.ReauthStatus.Contains((int)response.StatusCode) && !ScopeShortfall.HeaderSays(response);
        var needsBody = statusRejects || !response.IsSuccessStatusCode || errors.OkProperty is not null;
        if (needsBody && IsJson(response)) return ReadBodyAsync(response, errors, statusRejects, cancellationToken);
        if (response.IsSuccessStatusCode) return new(new Verdict(true, null, statusRejects));
        // Not JSON: only the WWW-Authenticate challenge can name a missing scope.
        var (missing, needed) = ScopeShortfall.Read(response, null, ReadOnlySpan<byte>.Empty);
        return new(new Verdict(false, missing ? "insufficient_scope" : null, statusRejects, missing, needed));
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
        // Dropbox answers missing_scope with HTTP 401: the token is alive, it only lacks a scope, so no refresh and no re-auth.
        var scopeMissing = !ok && ScopeShortfall.IsScopeCode(code);
        var tokenRejected = (statusRejects || codeRejects) && !scopeMissing;
        if (ok) return new Verdict(true, null, tokenRejected);
        // The failure path only: the same bytes tell whether (and which) scopes are missing.
        var (missing, needed) = ScopeShortfall.Read(response, code, bytes);
        if (missing) code ??= "insufficient_scope"; // GitLab's code property (message) is absent from its scope answer
        return new Verdict(false, code, tokenRejected, missing, needed);
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
        // Slack's every success starts {"ok":true, byte for byte: a comparison instead of a JSON reader.
        var expected = OkTruePrefix(okProperty);
        if (read > expected.Length && prefix.StartsWith(expected) && prefix[expected.Length] is (byte)',' or (byte)'}') return true;
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

    private sealed record OkPrefix(string Property, byte[] Bytes);

    private static OkPrefix? s_okPrefix;

    /// <summary><c>{"ok":true</c> as UTF-8 for the convention's ok property (one provider's string instance at a time).</summary>
    private static ReadOnlySpan<byte> OkTruePrefix(string okProperty)
    {
        var last = s_okPrefix;
        if (last is null || !ReferenceEquals(last.Property, okProperty))
            s_okPrefix = last = new OkPrefix(okProperty, Encoding.UTF8.GetBytes("{" + JsonSerializer.Serialize(okProperty, Vault.VaultJsonContext.Default.String) + ":true"));
        return last.Bytes;
    }

    private static bool IsJson(HttpResponseMessage response)
        => response.Content.Headers.ContentType?.MediaType is { } media && (media.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Finds the top-level ok flag and the error code without building a document. The code property may be a dotted
    /// path into nested objects (<c>error.status</c>); a string is read as is, a number or boolean as its JSON text
    /// (<c>124</c>). Anything else (an object or array at the end of the path, a missing segment) gives no code.
    /// </summary>
    private static (bool? Ok, string? Code) Scan(ReadOnlySpan<byte> json, string? okProperty, string? codeProperty)
    {
        bool? ok = null;
        string? code = null;
        var path = codeProperty.AsSpan();
        var dot = path.IndexOf('.');
        var first = dot < 0 ? path : path[..dot];
        var rest = dot < 0 ? ReadOnlySpan<char>.Empty : path[(dot + 1)..];
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return (null, null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOk = okProperty is not null && reader.ValueTextEquals(okProperty);
                var isCode = codeProperty is not null && reader.ValueTextEquals(first);
                reader.Read();
                if (isOk && reader.TokenType is JsonTokenType.True or JsonTokenType.False) ok = reader.GetBoolean();
                else if (isCode) code = ReadCode(ref reader, rest) ?? code;
                else reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the status code decides.
        }
        return (ok, code);
    }

    /// <summary>
    /// Reads the value the reader stands on, following <paramref name="rest"/> (the path's remaining dotted segments)
    /// into nested objects. Leaves the reader on the value's last token, as <see cref="Utf8JsonReader.Skip"/> would.
    /// </summary>
    private static string? ReadCode(ref Utf8JsonReader reader, ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String: return reader.GetString();
                case JsonTokenType.Number: return Encoding.UTF8.GetString(reader.ValueSpan); // the JSON text: 124, 4.5e2
                case JsonTokenType.True: return "true";
                case JsonTokenType.False: return "false";
                default: reader.Skip(); return null;
            }
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        var dot = rest.IndexOf('.');
        var segment = dot < 0 ? rest : rest[..dot];
        var next = dot < 0 ? ReadOnlySpan<char>.Empty : rest[(dot + 1)..];
        string? code = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSegment = reader.ValueTextEquals(segment);
            reader.Read();
            if (isSegment) code = ReadCode(ref reader, next) ?? code;
            else reader.Skip();
        }
        return code; // the reader now stands on this object's EndObject
    }
}
