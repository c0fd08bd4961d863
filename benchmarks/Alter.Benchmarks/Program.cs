using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Alter.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
