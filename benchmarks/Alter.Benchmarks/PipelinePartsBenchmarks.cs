using BenchmarkDotNet.Attributes;

namespace Alter.Benchmarks;

/// <summary>
/// What the parts the rebuilt pipeline added cost on their own, to explain the typed call's distance from a hand-written
/// one: the call context carried in <see cref="HttpRequestMessage.Options"/> (a dictionary per request: one insert for
/// the context, three handler lookups, the verdict's insert and two lookups, as one call did before the verdict moved onto the context), and the clock
/// reads (the pipeline reads the options' <see cref="TimeProvider"/> six times per call; the seed's handler read it three
/// times and used <see cref="Environment.TickCount64"/> for its grant cache).
/// </summary>
[MemoryDiagnoser]
public class PipelinePartsBenchmarks
{
    private static readonly HttpRequestOptionsKey<object> Context = new("Alter.CallContext");
    private static readonly HttpRequestOptionsKey<object> Verdict = new("Alter.Verdict");
    private static readonly object ContextValue = new(), VerdictValue = new();
    private static readonly Uri Target = new("https://slack.com/api/chat.postMessage");

    [Benchmark(Baseline = true, Description = "new HttpRequestMessage")]
    public HttpRequestMessage Request() => new(HttpMethod.Post, Target);

    [Benchmark(Description = "+ Options: context set, 3 lookups, verdict set, 2 lookups")]
    public HttpRequestMessage RequestWithOptions()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Target);
        request.Options.Set(Context, ContextValue);
        for (var i = 0; i < 3; i++) request.Options.TryGetValue(Context, out _);
        request.Options.Set(Verdict, VerdictValue);
        for (var i = 0; i < 2; i++) request.Options.TryGetValue(Verdict, out _);
        return request;
    }

    [Benchmark(Description = "TimeProvider.System.GetUtcNow")]
    public DateTimeOffset UtcNow() => TimeProvider.System.GetUtcNow();

    [Benchmark(Description = "TimeProvider.System.GetTimestamp")]
    public long Timestamp() => TimeProvider.System.GetTimestamp();

    [Benchmark(Description = "Environment.TickCount64")]
    public long TickCount() => Environment.TickCount64;
}
