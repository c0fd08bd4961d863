using Alter.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Alter.Benchmarks -- --filter '*'
// Profiling: `-- --loop <calls>` runs only the typed call, for dotnet-trace (--profile cpu-sampling).
if (args is ["--loop", var count])
{
    var bench = new PerCallBenchmarks();
    await bench.Setup();
    for (var i = 0; i < int.Parse(count, System.Globalization.CultureInfo.InvariantCulture); i++) await bench.AlterTyped();
    await bench.Cleanup();
    return;
}
if (args is ["--alloc"])
{
    // Bytes allocated on the calling thread per call (the audit writer's thread excluded), for each variant.
    var bench = new PerCallBenchmarks();
    await bench.Setup();
    foreach (var (name, call) in new (string, Func<Task<string?>>)[] { ("hand-written", bench.HandWritten), ("refit", bench.Refit), ("alter", bench.AlterTyped) })
    {
        for (var i = 0; i < 10_000; i++) await call();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++) await call();
        Console.WriteLine($"{name}: {(GC.GetAllocatedBytesForCurrentThread() - before) / 100_000.0:F0} bytes/call on the calling thread");
    }
    await bench.Cleanup();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(PerCallBenchmarks).Assembly).Run(args);
