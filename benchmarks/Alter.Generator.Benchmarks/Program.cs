using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Alter.Catalog.Import;
using Alter.Typed.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Generator.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Alter.Generator.Benchmarks -- [all|generator|build|catalog] [--runs N]</c>
/// <list type="bullet">
/// <item><c>generator</c>: imports the full GitHub description, then runs the generator in N fresh processes (cold: JIT
/// included) and, in one process, re-runs it after an unrelated C# edit (every step must be cached).</item>
/// <item><c>build</c>: <c>dotnet build</c> of two console projects over the full GitHub import, one selecting every
/// operation (AlterOperations="*"), one selecting none, N times each after touching Program.cs.</item>
/// <item><c>catalog</c>: the same with the whole <c>providers/</c> catalog (each typed provider's default operations)
/// against a project with no provider, both with warnings as errors.</item>
/// </list>
/// </summary>
public static partial class Program
{
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest, DocumentationMode.Diagnose);
    private static bool s_jsonMetadata;

    public static async Task<int> Main(string[] args)
    {
        int runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(5);
        string mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)) ?? "all";
        s_jsonMetadata = args.Contains("--json-metadata");

        if (mode == "phases")
        {
            // Where a warm run's time goes: the generator's own parse and emit, against the driver's total.
            string text = File.ReadAllText(args[1]);
            for (int i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                Alter.Typed.Generator.Json.JsonParser.Parse(text);
                double json = sw.Elapsed.TotalMilliseconds;
                Console.Write(string.Create(CultureInfo.InvariantCulture, $"json {json:F0} ms, "));
                sw.Restart();
                var parsed = Alter.Typed.Generator.Parsing.DescriptionParser.Parse(args[1], text, CancellationToken.None);
                double parse = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                string source = Alter.Typed.Generator.Emit.ProviderEmitter.Emit(parsed.Model!, jsonMetadata: args.Contains("--json-metadata"));
                double emit = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                CSharpSyntaxTree.ParseText(source, s_parse);
                double roslynParse = sw.Elapsed.TotalMilliseconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse {parse:F0} ms, emit {emit:F0} ms ({source.Length / 1024} KB), Roslyn parsing the output {roslynParse:F0} ms"));
            }

            return 0;
        }

        if (mode == "loop")
        {
            // Parse and emit N times in one process: a steady load for a profiler (dotnet-trace; see README.md).
            string text = File.ReadAllText(args[1]);
            for (int i = 0; i < runs; i++)
            {
                var parsed = Alter.Typed.Generator.Parsing.DescriptionParser.Parse(args[1], text, CancellationToken.None);
                Alter.Typed.Generator.Emit.ProviderEmitter.Emit(parsed.Model!, jsonMetadata: false);
            }

            return 0;
        }

        if (mode == "compile")
        {
            // In-process compile (Emit to memory) of the generated code: the build cost without MSBuild around it.
            Compile(args[1], runs);
            return 0;
        }

        if (mode == "cold-child")
        {
            // One cold run in this fresh process; prints milliseconds, then what the cold run JIT-compiled and allocated.
            // 1. Roslyn's driver warmed by another generator (see WarmRoslyn), then our generator's first run: its JIT
            //    included. 2. The same in a new driver: JIT done (warm).
            WarmRoslyn(args.Contains("--trivial-warmup"));
            TimeSpan jit0 = System.Runtime.JitInfo.GetCompilationTime();
            long methods0 = System.Runtime.JitInfo.GetCompiledMethodCount();
            long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
            int gcs0 = GC.CollectionCount(0);
            TimeSpan pause0 = GC.GetTotalPauseDuration();
            double cold = ColdRun(args[1]);
            double jit = (System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds;
            long methods = System.Runtime.JitInfo.GetCompiledMethodCount() - methods0;
            long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
            int gcs = GC.CollectionCount(0) - gcs0;
            double pause = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
            double warm = ColdRun(args[1]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cold:F1} {warm:F1} {jit:F1} {methods} {bytes / 1048576.0:F1} {gcs} {pause:F1}"));
            return 0;
        }

        // --catalog <dir>: another providers/ folder (before/after); --description <file>: instead of a fresh GitHub import.
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

        // --json-metadata (read above): the reflection-free JSON metadata on, as a Native AOT or trimmed app builds (off
        // otherwise, as a plain app builds). --shared-compiler: builds through the compiler server (.NET's default; this machine's
        // environment sets UseSharedCompilation=false, which starts a fresh compiler process per build).
        if (args.Contains("--shared-compiler"))
        {
            Environment.SetEnvironmentVariable("UseSharedCompilation", "true");
        }

        Console.WriteLine($"JSON metadata {(s_jsonMetadata ? "on (AlterJsonMetadata=true)" : "off (a plain app)")}; compiler: {(Environment.GetEnvironmentVariable("UseSharedCompilation") == "false" ? "a fresh csc process per build (UseSharedCompilation=false)" : "the compiler server")}; generator: {(IsReadyToRun(typeof(ProviderGenerator).Assembly.Location) ? "ReadyToRun (linux-x64) and IL" : "IL only")}");
        if (mode == "catalog")
        {
            CatalogBuild(runs, Option("--catalog"));
            return 0;
        }

        string description = Option("--description") is { } given ? Path.GetFullPath(given) : await ImportGitHub();
        if (mode is "all" or "generator")
        {
            Generator(description, runs, args);
        }

        if (mode is "all" or "build")
        {
            Build(description, runs);
        }

        return 0;
    }

    private static void Compile(string description, int runs)
    {
        GeneratorDriver driver = Driver(description).RunGenerators(Compilation("class A { }"));
        var sources = driver.GetRunResult().Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Append(typeof(Alter.Typed.ProviderDescriptor).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        var variants = new (string Name, Func<string, string> Edit)[]
        {
            ("as generated", s => s),
            ("without XML docs", s => string.Join('\n', s.Split('\n').Where(l => !l.TrimStart().StartsWith("///", StringComparison.Ordinal)))),
            ("without #nullable", s => s.Replace("#nullable enable", "#nullable disable", StringComparison.Ordinal)),
            ("#nullable enable annotations", s => s.Replace("#nullable enable", "#nullable enable annotations", StringComparison.Ordinal)),
        };
        foreach ((string name, Func<string, string> edit) in variants)
        {
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                var trees = sources.Select(s => CSharpSyntaxTree.ParseText(edit(s), new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None))).ToList();
                var compilation = CSharpCompilation.Create("C", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
                var sw = Stopwatch.StartNew();
                using var stream = new MemoryStream();
                var emit = compilation.Emit(stream);
                times.Add(sw.Elapsed.TotalSeconds);
                if (!emit.Success)
                {
                    throw new InvalidOperationException(string.Join("\n", emit.Diagnostics.Take(5)));
                }
            }

            Console.WriteLine($"compile {name}: median {Median(times):F2} s (min {times.Min():F2})");
        }
    }

    /// <summary>Whether the assembly carries precompiled code (generator/Alter.Typed.Generator/ReadyToRun.targets).</summary>
    private static bool IsReadyToRun(string path)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlterTyped.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find AlterTyped.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>The full GitHub import (every operation), written to a temp folder once.</summary>
    private static async Task<string> ImportGitHub()
    {
        string spec = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "specs", "github", "api.github.com.json"));
        string path = Path.Combine(Path.GetTempPath(), "alter-generator-bench", "github", "github.provider.json");
        var sw = Stopwatch.StartNew();
        ImportResult result = await OpenApiImporter.ImportToFileAsync(spec, path, new ImportOptions { Id = "github", Name = "GitHub" });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("\n", result.Errors));
        }

        Console.WriteLine($"import: {result.OperationCount} operations, {new FileInfo(path).Length / 1024} KB description, {sw.ElapsedMilliseconds} ms (warm process)");
        return path;
    }

    private static CSharpCompilation Compilation(string code)
        => CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText(code, s_parse, "Consumer.cs")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static GeneratorDriver Driver(string description)
        => CSharpGeneratorDriver.Create(
            [new ProviderGenerator().AsSourceGenerator()],
            [new FileText(description, File.ReadAllText(description))],
            s_parse,
            optionsProvider: new BuildProperties(s_jsonMetadata),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static void Generator(string description, int runs, string[] args)
    {
        var cold = new List<double>();
        var warm = new List<double>();
        var jit = new List<double>();
        var methods = new List<double>();
        var allocated = new List<double>();
        var collections = new List<double>();
        var pauses = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) != "dotnet")
            {
                start.ArgumentList.Clear();
            }

            start.ArgumentList.Add("cold-child");
            start.ArgumentList.Add(description);
            if (s_jsonMetadata)
            {
                start.ArgumentList.Add("--json-metadata");
            }
            if (args.Contains("--trivial-warmup"))
            {
                start.ArgumentList.Add("--trivial-warmup");
            }

            using Process child = Process.Start(start)!;
            string output = child.StandardOutput.ReadToEnd().Trim();
            child.WaitForExit();
            double[] parts = output.Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            cold.Add(parts[0]);
            warm.Add(parts[1]);
            jit.Add(parts[2]);
            methods.Add(parts[3]);
            allocated.Add(parts[4]);
            collections.Add(parts[5]);
            pauses.Add(parts[6]);
        }

        string warmup = args.Contains("--trivial-warmup") ? "a trivial generator (ints only)" : "a generator over classes, as the SDK's are";
        Console.WriteLine($"generator cold run (a fresh process each, Roslyn's driver warmed by {warmup}, our JIT included; {runs} runs): median {Median(cold):F0} ms, min {cold.Min():F0}, max {cold.Max():F0}");
        Console.WriteLine($"  of which: JIT {Median(jit):F0} ms ({Median(methods):F0} methods, background tiering included), GC pauses {Median(pauses):F0} ms ({Median(collections):F0} gen0 collections); {Median(allocated):F1} MB allocated");
        Console.WriteLine($"generator full run once JIT'd (new driver, same process; {runs} runs): median {Median(warm):F0} ms, min {warm.Min():F0}, max {warm.Max():F0}");

        // Re-run after an unrelated edit, in one process: every step must be Cached/Unchanged.
        GeneratorDriver driver = Driver(description);
        CSharpCompilation compilation = Compilation("class A { }");
        driver = driver.RunGenerators(compilation);
        var rerun = new List<double>();
        for (int i = 0; i < Math.Max(runs, 5); i++)
        {
            compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText($"class B{i} {{ }}", s_parse));
            var sw = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            sw.Stop();
            rerun.Add(sw.Elapsed.TotalMilliseconds);
            GeneratorRunResult result = driver.GetRunResult().Results[0];
            var ran = result.TrackedSteps.Concat(result.TrackedOutputSteps)
                .SelectMany(step => step.Value.SelectMany(s => s.Outputs).Select(o => (step.Key, o.Reason)))
                .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                .ToList();
            if (ran.Count > 0)
            {
                throw new InvalidOperationException("a step ran again after an unrelated edit: " + string.Join(", ", ran));
            }
        }

        Console.WriteLine($"generator re-run after an unrelated edit (all steps cached, {rerun.Count} runs): median {Median(rerun):F1} ms, max {rerun.Max():F1}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class FileText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>The build properties the generator reads (only <c>AlterJsonMetadata</c> here).</summary>
    private sealed class BuildProperties(bool jsonMetadata) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Values(jsonMetadata ? "true" : "false");

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(null);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(null);

        private sealed class Values(string? jsonMetadata) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = (key == "build_property.AlterJsonMetadata" ? jsonMetadata : null)!;
                return value is not null;
            }
        }
    }
}
