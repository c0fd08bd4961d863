using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Alter.Typed.Audit;

/// <summary>
/// Audit rows as log records, for OpenTelemetry logs (or any <see cref="ILoggerProvider"/>): with
/// <see cref="AlterOptions.ExportAuditToLogs"/> each committed row is logged once, after its transaction commits, at
/// Information on the category <see cref="Category"/> with <see cref="RowEvent"/>; its columns, its id, sequence number
/// and chain MAC are the record's attributes (state key-values), so a log store off the machine holds a copy of the
/// chain too. A row holds no token or body, so neither does its record.
/// </summary>
internal static class AuditLogExport
{
    /// <summary>The logger category of exported audit rows.</summary>
    public const string Category = "Alter.Typed.Audit";

    /// <summary>The event of an exported audit row.</summary>
    public static readonly EventId RowEvent = new(950, "AuditRow");

    private const string Format = "Audit row {AuditId}: {Caller} {Operation} on {Provider} for {Principal}: {Status} {Outcome} in {LatencyMs} ms";

    /// <summary>Logs each row of a committed batch, with the ids, sequence numbers and MACs the chain gave them.</summary>
    public static void Write(ILogger logger, string appId, IReadOnlyList<AuditEntry> rows, long firstId, long firstSeq, IReadOnlyList<byte[]> macs, Func<Uri, string> hostOf)
    {
        if (!logger.IsEnabled(LogLevel.Information)) return;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var host = r.Uri is { } uri ? hostOf(uri) : r.Host ?? "";
            logger.Log(LogLevel.Information, RowEvent, new Record(appId, firstId + i, firstSeq + i, macs[i], r, host), null, static (s, _) => s.ToString());
        }
    }

    /// <summary>One row's attributes (the state of its log record), and its message.</summary>
    private sealed class Record(string appId, long id, long seq, byte[] mac, AuditEntry row, string host) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private KeyValuePair<string, object?>[]? _pairs;

        private KeyValuePair<string, object?>[] Pairs => _pairs ??=
        [
            new("AuditId", id), new("AppId", appId), new("Seq", seq), new("Mac", Convert.ToHexStringLower(mac)),
            new("At", row.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            new("Caller", row.Caller), new("Principal", row.Principal), new("Provider", row.Provider), new("Operation", row.Operation),
            new("GrantId", row.GrantId), new("Method", row.Method), new("Host", host), new("Status", row.Status), new("Outcome", row.Outcome),
            new("LatencyMs", row.LatencyMs), new("TokenRefreshed", row.Refreshed), new("DelegationId", row.DelegationId), new("Tool", row.Tool),
            new("ApprovalId", row.ApprovalId), new("{OriginalFormat}", Format),
        ];

        public KeyValuePair<string, object?> this[int index] => Pairs[index];

        public int Count => Pairs.Length;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"Audit row {id}: {row.Caller} {row.Operation} on {row.Provider} for {row.Principal}: {row.Status} {row.Outcome} in {row.LatencyMs} ms");
    }
}
