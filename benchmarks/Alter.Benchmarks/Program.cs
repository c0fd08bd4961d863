using Alter.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Alter.Benchmarks -- --filter '*PerCall*' '*DelayedCall*'
// Other modes (README.md): `--cpu <calls> <rounds> [--delay]` (whole-process CPU per call), `--alloc` (calling-thread
// bytes per call), `--audit <rows>` (writer throughput), `--verify <rows> [runs]` (audit chain verification time),
// `--loop <calls> [durable]` (only the typed call, for perf or dotnet-trace).
if (args is ["--loop", var count, .. var loopRest])
{
    var bench = new PerCallBenchmarks();
    await bench.Setup();
    Func<Task<string?>> call = loopRest is ["durable"] ? bench.AlterTypedDurable : bench.AlterTypedBuffered;
    for (var i = 0; i < int.Parse(count, System.Globalization.CultureInfo.InvariantCulture); i++) await call();
    await bench.Cleanup();
    return;
}
if (args is ["--cpu", var cpuCalls, var cpuRounds, .. var cpuRest])
{
    var delayed = cpuRest is ["--delay"];
    PerCallBenchmarks bench = delayed ? new DelayedCallBenchmarks() : new PerCallBenchmarks();
    await bench.Setup();
    await CpuPerCall.RunAsync(bench, int.Parse(cpuCalls, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(cpuRounds, System.Globalization.CultureInfo.InvariantCulture), delayed ? "provider answers after 1 ms" : "in memory");
    await bench.Cleanup();
    return;
}
if (args is ["--audit", var rows])
{
    // The audit writer's throughput: queue N rows, then time the flush that writes them (10,000-row transactions).
    var n = int.Parse(rows, System.Globalization.CultureInfo.InvariantCulture);
    var dir = Path.Combine(Path.GetTempPath(), "alter-audit-bench-" + Guid.NewGuid().ToString("N"));
    var options = new Alter.Typed.AlterOptions { DatabasePath = Path.Combine(dir, "alter.db") };
    var app = Alter.Typed.AlterAdmin.Open(options).CreateApp("bench");
    var db = new Alter.Typed.Vault.SqliteDatabase(options.DatabasePath);
    var uri = new Uri("https://slack.com/api/chat.postMessage");
    await using (var log = new Alter.Typed.Audit.AuditLog(db, app.Id, Alter.Typed.Audit.AuditChainKeys.From(new byte[32]), TimeSpan.FromHours(1), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
    {
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < n; i++)
                log.Write(new Alter.Typed.Audit.AuditEntry(DateTimeOffset.UtcNow, "bench", "ada@example.com", "slack", "chat.postMessage", "grant_0123456789abcdef", "POST", uri, null, 200, "ok", 1.25, false));
            var sw = System.Diagnostics.Stopwatch.StartNew();
            await log.FlushAsync();
            Console.WriteLine($"flushed {n:N0} rows in {sw.Elapsed.TotalMilliseconds:F0} ms: {n / sw.Elapsed.TotalSeconds:N0} rows/s");
        }
    }
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(dir, true);
    return;
}
if (args is ["--verify", var verifyRows, .. var verifyRest])
{
    // `alter audit verify` on a clean log of N rows (written by the real writer, checkpoints every 1,000): each run is
    // one AlterAdmin.VerifyAudit, a cold connection and a fresh read of every row, timed by the wall clock.
    var n = int.Parse(verifyRows, System.Globalization.CultureInfo.InvariantCulture);
    var runs = verifyRest is [var r] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 7;
    var dir = Path.Combine(Path.GetTempPath(), "alter-verify-bench-" + Guid.NewGuid().ToString("N"));
    var options = new Alter.Typed.AlterOptions { DatabasePath = Path.Combine(dir, "alter.db"), VaultKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) };
    var admin = Alter.Typed.AlterAdmin.Open(options);
    var app = admin.CreateApp("bench");
    var db = new Alter.Typed.Vault.SqliteDatabase(options.DatabasePath);
    var uri = new Uri("https://slack.com/api/chat.postMessage");
    await using (var log = new Alter.Typed.Audit.AuditLog(db, app.Id, Alter.Typed.Audit.AuditChainKeys.From(options.VaultKey), TimeSpan.FromHours(1), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
    {
        for (var i = 0; i < n; i++)
            log.Write(new Alter.Typed.Audit.AuditEntry(DateTimeOffset.UtcNow, "bench", i % 2 == 0 ? "ada@example.com" : null, "slack", "chat.postMessage", "grant_0123456789abcdef", "POST", uri, null, 200, "ok", 1.25 + i, false));
        await log.FlushAsync();
    }
    var times = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var result = admin.VerifyAudit(app.Id);
        sw.Stop();
        if (!result.Intact || result.RowsVerified != n) throw new InvalidOperationException($"verify failed: {result.Break?.Message}");
        times.Add(sw.Elapsed.TotalMilliseconds);
        Console.WriteLine($"verified {result.RowsVerified:N0} rows ({result.Checkpoints} checkpoints) in {sw.Elapsed.TotalMilliseconds:F0} ms");
    }
    times.Sort();
    Console.WriteLine($"min {times[0]:F0} ms, median {times[times.Count / 2]:F0} ms over {runs} runs");
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(dir, true);
    return;
}
if (args is ["--alloc"])
{
    // Bytes allocated per call: on the calling thread (the audit writer's thread excluded), and in the whole process
    // (every thread: a durable call resumes on a pool thread after its commit, so the calling thread sees only part).
    var bench = new PerCallBenchmarks();
    await bench.Setup();
    foreach (var (name, call) in new (string, Func<Task<string?>>)[]
        { ("hand-written", bench.HandWritten), ("refit", bench.Refit), ("alter buffered", bench.AlterTypedBuffered), ("alter durable", bench.AlterTypedDurable) })
    {
        for (var i = 0; i < 10_000; i++) await call();
        var (before, threadId) = (GC.GetAllocatedBytesForCurrentThread(), Environment.CurrentManagedThreadId);
        var moved = false;
        for (var i = 0; i < 100_000; i++)
        {
            await call();
            moved |= Environment.CurrentManagedThreadId != threadId;
        }
        var thread = !moved
            ? $"{(GC.GetAllocatedBytesForCurrentThread() - before) / 100_000.0:F0} bytes/call on the calling thread"
            : "n/a on the calling thread (the loop resumed on another one)";
        var total = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 100_000; i++) await call();
        total = GC.GetTotalAllocatedBytes(precise: true) - total;
        Console.WriteLine($"{name}: {thread}, {total / 100_000.0:F0} bytes/call in the process");
    }
    await bench.Cleanup();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(PerCallBenchmarks).Assembly).Run(args);
