using System.Diagnostics;
using System.Globalization;

namespace Alter.Benchmarks;

/// <summary>
/// The total CPU time per call of the whole process, every thread included (the audit writer's, the thread pool's):
/// BenchmarkDotNet times the calling thread's wall clock, which misses work a call hands to another thread. Each variant
/// runs a fixed number of calls in a loop, one after the other, for several rounds; the buffered variant's round ends
/// with writing the rows it queued, since that work is its calls' too. Prints µs of CPU per call, the ratio against
/// hand-written, and the minimum and median over the rounds (single runs on this VM are bimodal).
/// </summary>
internal static class CpuPerCall
{
    public static async Task RunAsync(PerCallBenchmarks bench, int calls, int rounds, string network)
    {
        var variants = new (string Name, Func<Task<string?>> Call, Func<Task>? After)[]
        {
            ("hand-written", bench.HandWritten, null),
            ("refit", bench.Refit, null),
            ("alter buffered", bench.AlterTypedBuffered, bench.FlushBufferedAsync),
            ("alter durable", bench.AlterTypedDurable, null),
        };
        var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var wall = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var threads = variants.ToDictionary(v => v.Name, _ => new Dictionary<string, long>());
        var collections = variants.ToDictionary(v => v.Name, _ => new int[3]);
        using var process = Process.GetCurrentProcess();

        // Warm every path first (JIT tiers, pools, the writer's connection), without measuring.
        foreach (var (_, call, after) in variants)
        {
            for (var i = 0; i < Math.Min(calls, 20_000); i++) await call();
            if (after is not null) await after();
        }

        Console.WriteLine($"// CPU per call, whole process, {calls:N0} calls per variant per round, {rounds} rounds, network: {network}, {Environment.ProcessorCount} cores");
        var transactionsBefore = bench.DurableTransactions;
        for (var round = 1; round <= rounds; round++)
        {
            var line = new List<string>();
            foreach (var (name, call, after) in variants)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var threadsBefore = ThreadCpu.Snapshot();
                var gcBefore = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < calls; i++) await call();
                if (after is not null) await after();
                var elapsed = Stopwatch.GetElapsedTime(started);
                for (var g = 0; g < 3; g++) collections[name][g] += GC.CollectionCount(g) - gcBefore[g];
                foreach (var (thread, ns) in ThreadCpu.Delta(threadsBefore, ThreadCpu.Snapshot()))
                    threads[name][thread] = threads[name].GetValueOrDefault(thread) + ns;
                process.Refresh();
                var usPerCall = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / calls;
                cpu[name].Add(usPerCall);
                wall[name].Add(elapsed.TotalMicroseconds / calls);
                line.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {usPerCall:F2}"));
            }
            Console.WriteLine($"round {round}: µs CPU per call: " + string.Join(", ", line));
        }

        Console.WriteLine();
        Console.WriteLine("| variant | CPU µs/call min | median | ratio min | ratio median | wall µs/call median |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var baseMin = cpu["hand-written"].Min();
        var baseMedian = Median(cpu["hand-written"]);
        foreach (var (name, _, _) in variants)
        {
            var min = cpu[name].Min();
            var median = Median(cpu[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {min:F2} | {median:F2} | {min / baseMin:F2}× | {median / baseMedian:F2}× | {Median(wall[name]):F2} |"));
        }
        Console.WriteLine();
        Console.WriteLine("// CPU per call by thread name, all rounds (ns per call; /proc/self/task/*/schedstat)");
        foreach (var (name, _, _) in variants)
            Console.WriteLine($"{name}: " + string.Join(", ", threads[name].OrderByDescending(t => t.Value)
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value / ((double)calls * rounds):F0}"))));
        Console.WriteLine("// garbage collections per variant, all rounds (gen 0 / 1 / 2): " + string.Join(", ",
            variants.Select(v => $"{v.Name} {collections[v.Name][0]} / {collections[v.Name][1]} / {collections[v.Name][2]}")));
        var durableCalls = (long)calls * rounds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// durable: {bench.DurableTransactions - transactionsBefore:N0} transactions for {durableCalls:N0} calls (one caller at a time: one commit per call)"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
