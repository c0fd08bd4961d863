using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Alter.Typed.Http;

/// <summary>
/// OpenTelemetry hooks: an <see cref="ActivitySource"/> span and <see cref="Meter"/> instruments per provider call,
/// named <c>Alter.Typed</c> (add it with <c>AddSource("Alter.Typed")</c> / <c>AddMeter("Alter.Typed")</c>).
/// Tags carry ids and outcomes only, never a token. Metric tags take bounded values only (the provider, a described
/// operation id or <c>request</c>, the outcome's kind, the status class): a provider's free-text error code would make
/// one time series per message. The span carries the full outcome. Costs nothing measurable when no listener is attached.
/// </summary>
internal static class AlterTelemetry
{
    public const string Name = "Alter.Typed";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Provider calls, tagged with provider, operation and outcome.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("alter.calls", description: "Provider calls through the credential pipeline.");

    /// <summary>Whole-call duration (refreshes and retries included), in milliseconds.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("alter.call.duration", unit: "ms", description: "Duration of provider calls.");

    /// <summary>Access-token refreshes, tagged with provider.</summary>
    public static readonly Counter<long> Refreshes = Meter.CreateCounter<long>("alter.token.refreshes", description: "Access-token refreshes.");

    public static void Record(Activity? activity, string provider, string operation, string outcome, int status, double latencyMs, bool refreshed)
    {
        if (activity is not null)
        {
            activity.SetTag("alter.outcome", outcome);
            activity.SetTag("http.response.status_code", status);
            activity.SetTag("alter.token_refreshed", refreshed);
            if (outcome != "ok") activity.SetStatus(ActivityStatusCode.Error, outcome);
        }
        if (Calls.Enabled)
            Calls.Add(1, new("alter.provider", provider), new("alter.operation", operation), new("alter.outcome", OutcomeKind(outcome)), new("http.response.status_class", StatusClass(status)));
        if (Duration.Enabled)
            Duration.Record(latencyMs, new("alter.provider", provider), new("alter.operation", operation));
        if (refreshed && Refreshes.Enabled)
            Refreshes.Add(1, new KeyValuePair<string, object?>("alter.provider", provider));
    }

    /// <summary><c>provider_error:channel_not_found</c> → <c>provider_error</c>; the other outcomes are a fixed set already.</summary>
    internal static string OutcomeKind(string outcome)
        => outcome.StartsWith("provider_error:", StringComparison.Ordinal) ? "provider_error"
            : outcome.StartsWith("redirect:", StringComparison.Ordinal) ? "redirect"
            : outcome.StartsWith("denied:policy:", StringComparison.Ordinal) ? "denied:policy"
            : outcome;

    /// <summary>200 → <c>2xx</c>; 0 (nothing sent) → <c>none</c>.</summary>
    internal static string StatusClass(int status) => status switch
    {
        >= 100 and < 200 => "1xx",
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "none",
    };
}
