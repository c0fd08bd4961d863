using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Alter.Typed.Http;

namespace Alter.Typed.ApprovalFlow;

/// <summary>
/// What a human approves: one exact call. <see cref="Hash"/> is SHA-256 over who calls (app, caller, principal, grant),
/// what (provider, operation) and the exact request as it stands in the policy slot, before any credential is added:
/// method, absolute URL (path and query), content type, the request's own headers and the body bytes. A multipart body's
/// random boundary is replaced by a fixed one first, so the same arguments hash the same. Every field goes in with its
/// length, so no two different calls can be made to concatenate alike.
/// </summary>
/// <param name="Hash">The binding (lower-case hex).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The URL, path and query, for the human's preview (capped).</param>
/// <param name="ContentType">The body's media type, without parameters; null without a body.</param>
/// <param name="BodyPreview">The body as text, capped; a placeholder for binary bodies; null without a body.</param>
/// <param name="BodyLength">The body's length in bytes (0 without a body).</param>
internal sealed record ApprovalBinding(string Hash, string Method, string Url, string? ContentType, string? BodyPreview, long BodyLength)
{
    /// <summary>Characters of the body shown to the human; the rest is cut with a note of the full length.</summary>
    internal const int MaxPreview = 4096;

    private const int MaxUrlPreview = 2048;

    // Never part of the binding nor of a preview: credentials (the pipeline adds the provider's only later, but a caller or
    // a handler might have set one), and what varies per send without changing the call.
    private static readonly HashSet<string> Excluded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "traceparent", "tracestate", "Request-Id", "Content-Length",
    };

    /// <summary>Computes the binding of <paramref name="request"/> made in <paramref name="context"/>; buffers the body (it is sent from the buffer).</summary>
    public static async ValueTask<ApprovalBinding> ComputeAsync(CallContext context, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A call without a URL cannot be approved.");
        byte[] body = [];
        string? mediaType = null;
        var contentType = "";
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            (contentType, body) = Normalise(content.Headers.ContentType, body);
            mediaType = content.Headers.ContentType?.MediaType;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, "alter-approval-v1");
        Add(hash, context.App.Id);
        Add(hash, context.Caller);
        Add(hash, context.Principal?.Key ?? throw new InvalidOperationException("A call without a principal cannot be approved."));
        Add(hash, context.Grant?.Id ?? throw new InvalidOperationException("A call without a resolved grant cannot be approved."));
        Add(hash, context.Provider.Id);
        Add(hash, context.Operation);
        Add(hash, request.Method.Method);
        Add(hash, uri.AbsoluteUri);
        Add(hash, contentType);
        foreach (var (name, value) in Headers(request)) { Add(hash, name); Add(hash, value); }
        Add(hash, "body");
        Add(hash, body);
        var hex = Convert.ToHexStringLower(hash.GetHashAndReset());

        var url = uri.PathAndQuery;
        if (url.Length > MaxUrlPreview) url = url[..MaxUrlPreview] + "…";
        return new ApprovalBinding(hex, request.Method.Method, url, mediaType, request.Content is null ? null : Preview(body, mediaType), body.LongLength);
    }

    /// <summary>The request's headers (and its content's, but its length and type), names lower-cased, sorted; credentials left out.</summary>
    private static IEnumerable<(string Name, string Value)> Headers(HttpRequestMessage request)
    {
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = request.Headers.NonValidated.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value));
        if (request.Content is { } content)
            all = all.Concat(content.Headers.NonValidated.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                .Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)));
        return all.Where(h => !Excluded.Contains(h.Key))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(", ", h.Value)))
            .OrderBy(h => h.Name, StringComparer.Ordinal).ThenBy(h => h.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The content type as hashed, and the body: for a multipart body, the boundary (random per request) is replaced by a
    /// fixed one in both. Other parameters (a charset) stay: they change what the bytes mean.
    /// </summary>
    internal static (string ContentType, byte[] Body) Normalise(MediaTypeHeaderValue? type, byte[] body)
    {
        if (type is null) return ("", body);
        var boundary = type.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value;
        if (boundary is null || type.MediaType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true) return (type.ToString(), body);
        boundary = boundary.Trim('"');
        var others = type.Parameters.Where(p => !p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Name.ToLowerInvariant() + "=" + p.Value).Order(StringComparer.Ordinal);
        var normalised = string.Join("; ", [type.MediaType.ToLowerInvariant(), "boundary=alter-approval-boundary", .. others]);
        if (boundary.Length == 0) return (normalised, body);
        // A body that already holds the fixed marker could hash like another body once rewritten: hash it as it is, raw.
        if (body.AsSpan().IndexOf("--alter-approval-boundary"u8) >= 0) return (type.ToString(), body);
        return (normalised, Replace(body, Encoding.ASCII.GetBytes("--" + boundary), "--alter-approval-boundary"u8));
    }

    private static byte[] Replace(byte[] source, byte[] find, ReadOnlySpan<byte> with)
    {
        var output = new List<byte>(source.Length);
        var rest = source.AsSpan();
        while (true)
        {
            var at = rest.IndexOf(find);
            if (at < 0) { output.AddRange(rest); break; }
            output.AddRange(rest[..at]);
            output.AddRange(with);
            rest = rest[(at + find.Length)..];
        }
        return [.. output];
    }

    /// <summary>The body as the human sees it: UTF-8 text capped at <see cref="MaxPreview"/> characters, or a note for binary content.</summary>
    internal static string Preview(byte[] body, string? mediaType)
    {
        if (body.Length == 0) return "";
        // At most four bytes a character; a cut inside a character moves back to its start.
        var take = (int)Math.Min(body.Length, MaxPreview * 4L);
        while (take < body.Length && take > 0 && (body[take] & 0xC0) == 0x80) take--;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body, 0, take);
        }
        catch (DecoderFallbackException)
        {
            return $"<{body.Length} bytes of binary {mediaType ?? "content"}>";
        }
        // Text with control characters (other than line breaks and tabs) is shown escaped: a preview must not be able to
        // rewrite the terminal or the page that shows it.
        var builder = new StringBuilder(Math.Min(text.Length, MaxPreview) + 32);
        var cut = take < body.Length;
        foreach (var c in text)
        {
            if (builder.Length >= MaxPreview) { cut = true; break; }
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t') || c is '\u2028' or '\u2029' or '\u0085') builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        if (cut)
            builder.Append($"… ({body.Length} bytes in all)");
        return builder.ToString();
    }

    private static void Add(IncrementalHash hash, string value) => Add(hash, Encoding.UTF8.GetBytes(value));

    private static void Add(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(length, value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }
}
