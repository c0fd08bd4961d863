using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Calls show up in OpenTelemetry as an Alter.Typed span and metrics, with ids and outcomes but never a token.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_call_emits_a_span_and_metrics_without_the_token()
    {
        var spans = new ConcurrentQueue<Activity>();
        var measurements = new ConcurrentQueue<(string Instrument, object Value, KeyValuePair<string, object?>[] Tags)>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Alter.Typed",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        using var meterListener = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == "Alter.Typed") l.EnableMeasurementEvents(i); } };
        meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, tags.ToArray())));
        meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, tags.ToArray())));
        meterListener.Start();

        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["slack"]))[0].GrantId;
        world.Sandbox.State.ExpireAccessTokens("slack");
        await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "traced" });

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("alter.grant_id") == grantId);
        Assert.Equal("slack chat.postMessage", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("ok", span.GetTagItem("alter.outcome"));
        Assert.Equal(true, span.GetTagItem("alter.token_refreshed"));
        Assert.Contains(measurements, m => m.Instrument == "alter.calls" && m.Tags.Contains(new("alter.operation", "chat.postMessage")));
        Assert.Contains(measurements, m => m.Instrument == "alter.token.refreshes");
        var everything = string.Join('|', span.TagObjects.Select(t => t.Value) .Concat(measurements.SelectMany(m => m.Tags.Select(t => t.Value))));
        foreach (var secret in world.SecretsSeen()) Assert.DoesNotContain(secret, everything);
    }
}
