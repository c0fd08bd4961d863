using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Alter.Typed.AspNetCore.Portal.Audit;

/// <summary>
/// Writes audit rows as CSV (RFC 4180) or JSON Lines, streamed page by page so an export of a large log never holds it
/// in memory. Rows hold no token or body (see <see cref="AuditRecord"/>), so the export holds none either.
/// </summary>
internal static class AuditExport
{
    /// <summary>Rows read from the store per page while exporting.</summary>
    public const int PageSize = 5_000;

    private static readonly string[] Columns =
    [
        "id", "at", "caller", "principal", "provider", "operation", "grant_id", "method", "host", "status", "outcome", "latency_ms",
        "token_refreshed", "delegation_id", "tool", "approval_id",
    ];

    /// <summary>Every row <paramref name="read"/> returns for <paramref name="query"/> (all pages, newest first), written to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(Stream output, AuditExportFormat format, AuditQuery query,
        Func<AuditQuery, Task<IReadOnlyList<AuditRecord>>> read, CancellationToken cancellationToken)
    {
        var page = query with { Limit = PageSize, BeforeId = query.BeforeId };
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        if (format == AuditExportFormat.Csv) await writer.WriteAsync(string.Join(',', Columns) + "\r\n").ConfigureAwait(false);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = await read(page).ConfigureAwait(false);
            foreach (var row in rows)
                await writer.WriteAsync(format == AuditExportFormat.Csv ? CsvLine(row) : JsonLine(row)).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (rows.Count < page.Limit) return;
            page = page with { BeforeId = rows[^1].Id };
        }
    }

    /// <summary>One row as a CSV line (CRLF-terminated).</summary>
    public static string CsvLine(AuditRecord r)
    {
        var b = new StringBuilder(256);
        Cell(b, r.Id.ToString(CultureInfo.InvariantCulture), first: true);
        Cell(b, Time(r.At));
        Cell(b, r.Caller);
        Cell(b, r.Principal);
        Cell(b, r.Provider);
        Cell(b, r.Operation);
        Cell(b, r.GrantId);
        Cell(b, r.Method);
        Cell(b, r.Host);
        Cell(b, r.Status.ToString(CultureInfo.InvariantCulture));
        Cell(b, r.Outcome);
        Cell(b, r.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture));
        Cell(b, r.TokenRefreshed ? "true" : "false");
        Cell(b, r.DelegationId);
        Cell(b, r.Tool);
        Cell(b, r.ApprovalId);
        return b.Append("\r\n").ToString();
    }

    /// <summary>One row as a JSON object on one line (LF-terminated).</summary>
    public static string JsonLine(AuditRecord r)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", r.Id);
            json.WriteString("at", Time(r.At));
            json.WriteString("caller", r.Caller);
            json.WriteString("principal", r.Principal);
            json.WriteString("provider", r.Provider);
            json.WriteString("operation", r.Operation);
            json.WriteString("grant_id", r.GrantId);
            json.WriteString("method", r.Method);
            json.WriteString("host", r.Host);
            json.WriteNumber("status", r.Status);
            json.WriteString("outcome", r.Outcome);
            json.WriteNumber("latency_ms", r.LatencyMs);
            json.WriteBoolean("token_refreshed", r.TokenRefreshed);
            json.WriteString("delegation_id", r.DelegationId);
            json.WriteString("tool", r.Tool);
            json.WriteString("approval_id", r.ApprovalId);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A CSV cell, quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a formula (a leading
    /// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return; rows carry text that callers and providers chose) is
    /// prefixed with <c>'</c> (OWASP's advice against CSV injection); numbers are written by this class, never prefixed.
    /// </summary>
    private static void Cell(StringBuilder b, string? value, bool first = false)
    {
        if (!first) b.Append(',');
        if (string.IsNullOrEmpty(value)) return;
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) { b.Append(value); return; }
        b.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}

/// <summary>The formats of an audit export.</summary>
internal enum AuditExportFormat
{
    /// <summary>Comma-separated values with a header line (RFC 4180).</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    JsonLines,
}
