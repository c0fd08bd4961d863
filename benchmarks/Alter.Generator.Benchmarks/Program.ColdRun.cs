using System.Diagnostics;
using Alter.Typed.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Alter.Generator.Benchmarks;

/// <summary>The cold run: a fresh process whose Roslyn driver another generator has warmed, then our generator's first run.</summary>
public static partial class Program
{
    /// <summary>
    /// Runs Roslyn's generator driver once with a small generator, so Roslyn's own JIT is not counted as ours: in a compiler
    /// process, the SDK's generators (System.Text.Json, Regex, LibraryImport, logging...) have run their pipelines before
    /// or beside ours, and Roslyn's node tables over reference types are compiled once for all of them. Its pipeline uses
    /// the usual operators over classes (Where, Select, Combine with the options, Collect, tracking names, source outputs),
    /// as theirs do; with <c>--trivial-warmup</c> it only counts texts (ints: what the first figures of issue 14 used).
    /// </summary>
    private static void WarmRoslyn(bool trivial)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [trivial ? new TrivialGenerator().AsSourceGenerator() : new WarmUpGenerator().AsSourceGenerator()],
            [new FileText("/x/warm.txt", "{}"), new FileText("/x/other.json", "[]")],
            s_parse,
            optionsProvider: new BuildProperties(false),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver.RunGenerators(Compilation("class W { }"));
    }

    private sealed class TrivialGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
            => context.RegisterSourceOutput(
                context.AdditionalTextsProvider.Select(static (t, ct) => t.GetText(ct)!.ToString().Length).Collect(),
                static (spc, lengths) => spc.AddSource("W.g.cs", "// " + lengths.Length));
    }

    private sealed record WarmUpItem(string Path, string Text);

    private sealed record WarmUpSummary(string Names);

    private sealed class WarmUpGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<WarmUpItem> items = context.AdditionalTextsProvider
                .Where(static t => t.Path.EndsWith(".txt", StringComparison.Ordinal))
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, ct) => new WarmUpItem(pair.Left.Path, pair.Left.GetText(ct)!.ToString()))
                .WithTrackingName("Items");
            IncrementalValueProvider<WarmUpSummary> summary = items
                .Select(static (item, _) => item.Path)
                .Collect()
                .Select(static (paths, _) => new WarmUpSummary(string.Join(",", paths)))
                .WithTrackingName("Summary");
            context.RegisterSourceOutput(items.Combine(summary), static (spc, pair) => spc.AddSource("W.g.cs", "// " + pair.Left.Text.Length + pair.Right.Names));
            context.RegisterSourceOutput(summary, static (spc, value) => spc.AddSource("S.g.cs", "// " + value.Names));
        }
    }

    /// <summary>The first generator run of this process: parse, model, emit of 600+ operations, JIT included.</summary>
    private static double ColdRun(string description)
    {
        GeneratorDriver driver = Driver(description);
        CSharpCompilation compilation = Compilation("class A { }");
        var sw = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation);
        sw.Stop();
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        if (result.Exception is not null || result.GeneratedSources.Length != 2)
        {
            throw new InvalidOperationException("the generator failed: " + result.Exception);
        }

        return sw.Elapsed.TotalMilliseconds;
    }
}
