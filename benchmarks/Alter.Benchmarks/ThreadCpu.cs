using System.Globalization;

namespace Alter.Benchmarks;

/// <summary>
/// CPU time per thread of this process, grouped by thread name, from Linux's <c>/proc/self/task/*/schedstat</c> (its
/// first field: nanoseconds on a CPU). <see cref="System.Diagnostics.Process.TotalProcessorTime"/> says how much the
/// whole process spent; this says which threads spent it (the caller, the audit writer, the GC, the thread pool).
/// Empty where /proc is not there. A thread that exits between two snapshots drops out of the breakdown (its time
/// stays in the process total).
/// </summary>
internal static class ThreadCpu
{
    /// <summary>Nanoseconds on a CPU per thread id, with each thread's name.</summary>
    public static Dictionary<int, (string Name, long Nanoseconds)> Snapshot()
    {
        var result = new Dictionary<int, (string, long)>();
        if (!Directory.Exists("/proc/self/task")) return result;
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                var ns = long.Parse(File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                result[tid] = (name, ns);
            }
            catch (IOException) { } // the thread exited while being read
        }
        return result;
    }

    /// <summary>Nanoseconds spent between two snapshots, per thread (its name and id), largest first.</summary>
    public static List<(string Name, long Nanoseconds)> Delta(
        Dictionary<int, (string Name, long Nanoseconds)> before, Dictionary<int, (string Name, long Nanoseconds)> after) =>
        after.Select(t => (Name: $"{t.Value.Name}#{t.Key}", t.Value.Nanoseconds - (before.TryGetValue(t.Key, out var b) ? b.Nanoseconds : 0)))
            .GroupBy(t => t.Name, t => t.Item2)
            .Select(g => (g.Key, g.Sum()))
            .Where(g => g.Item2 > 0)
            .OrderByDescending(g => g.Item2)
            .ToList();
}
