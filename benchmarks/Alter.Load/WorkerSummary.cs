using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alter.Load;

/// <summary>What one worker process did: printed by the worker as one JSON line, read back by the coordinator.</summary>
internal sealed class WorkerSummary
{
    /// <summary>The line's prefix, so the coordinator finds it among anything else the worker printed.</summary>
    public const string Prefix = "SUMMARY ";

    public int Worker { get; set; }
    public long Ok { get; set; }

    /// <summary>The running count while calls are made (a field, for Interlocked); copied to <see cref="Ok"/> at the end.</summary>
    [JsonIgnore]
    public long OkCount;
    public long Failed => Errors.Values.Sum();

    /// <summary>Failed calls by exception type (full name).</summary>
    public Dictionary<string, long> Errors { get; set; } = [];

    /// <summary>The first message of each exception type, to say why without a debugger (exception messages carry no tokens).</summary>
    public Dictionary<string, string> FirstMessages { get; set; } = [];

    /// <summary>Calls still running when the duration ran out (cancelled, not failed).</summary>
    public long Cancelled { get; set; }

    public double ElapsedMs { get; set; }
    public double P50Ms { get; set; }
    public double P99Ms { get; set; }
    public LatencyHistogram Latencies { get; set; } = new();

    public string ToLine() => Prefix + JsonSerializer.Serialize(this, SummaryJson.Default.WorkerSummary);

    public static WorkerSummary? FromLine(string line)
        => line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize(line[Prefix.Length..], SummaryJson.Default.WorkerSummary) : null;
}

/// <summary>Source-generated JSON for the summary line (no reflection, camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(WorkerSummary))]
internal sealed partial class SummaryJson : JsonSerializerContext;
