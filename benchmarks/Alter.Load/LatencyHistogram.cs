namespace Alter.Load;

/// <summary>
/// Call latencies in buckets 2 % wide (log scale, from 10 µs): small enough to print on one line for any number of calls,
/// and mergeable across worker processes, so the coordinator's p50/p99 are those of all calls, not an average of workers'.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double Growth = 1.02;
    private const double FirstMicroseconds = 10;
    private readonly Lock _gate = new();

    /// <summary>Bucket index → number of calls (JSON: the worker's summary line).</summary>
    public SortedDictionary<int, long> Buckets { get; set; } = [];

    /// <summary>How many latencies were recorded.</summary>
    public long Count { get { lock (_gate) return Buckets.Values.Sum(); } }

    public void Record(TimeSpan latency)
    {
        var us = Math.Max(latency.TotalMicroseconds, FirstMicroseconds);
        var bucket = (int)Math.Floor(Math.Log(us / FirstMicroseconds, Growth));
        lock (_gate) Buckets[bucket] = Buckets.GetValueOrDefault(bucket) + 1;
    }

    public void Add(LatencyHistogram other)
    {
        lock (_gate)
            foreach (var (bucket, n) in other.Buckets) Buckets[bucket] = Buckets.GetValueOrDefault(bucket) + n;
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in milliseconds: the upper edge of its bucket; 0 when empty.</summary>
    public double QuantileMs(double q)
    {
        lock (_gate)
        {
            var total = Buckets.Values.Sum();
            if (total == 0) return 0;
            var rank = (long)Math.Ceiling(q * total);
            long seen = 0;
            foreach (var (bucket, n) in Buckets)
            {
                seen += n;
                if (seen >= rank) return FirstMicroseconds * Math.Pow(Growth, bucket + 1) / 1000;
            }
            return FirstMicroseconds * Math.Pow(Growth, Buckets.Keys.Last() + 1) / 1000;
        }
    }
}
