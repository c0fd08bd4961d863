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
BenchmarkSwitcher.FromAssembly(typeof(PerCallBenchmarks).Assembly).Run(args);
