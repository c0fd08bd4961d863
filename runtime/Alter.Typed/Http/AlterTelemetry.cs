using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Alter.Typed.Http;

/// <summary>
/// OpenTelemetry hooks: an <see cref="ActivitySource"/> span and <see cref="Meter"/> instruments per provider call,
/// named <c>Alter.Typed</c> (add it with <c>AddSource("Alter.Typed")</c> / <c>AddMeter("Alter.Typed")</c>).
/// Tags carry ids and outcomes only, never a token. Costs nothing measurable when no listener is attached.
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
            Calls.Add(1, new("alter.provider", provider), new("alter.operation", operation), new("alter.outcome", outcome));
        if (Duration.Enabled)
            Duration.Record(latencyMs, new("alter.provider", provider), new("alter.operation", operation));
        if (refreshed && Refreshes.Enabled)
            Refreshes.Add(1, new KeyValuePair<string, object?>("alter.provider", provider));
    }
}
