using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>
/// Every string-valued field of the description format, walked from <c>providers/provider.schema.json</c>, receives every
/// payload of <see cref="HostilePayloads"/>. From the generated syntax trees: no member, attribute or directive appears
/// beyond what the description declares, no forbidden identifier appears anywhere, and the build either compiles clean
/// or the generator reports an ALTER error (and then emits nothing for the description).
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    internal sealed record Outcome(GeneratorRun Run, GeneratedShape Shape, ImmutableArray<Diagnostic> AlterErrors);

    private static readonly Lazy<Microsoft.CodeAnalysis.CSharp.CSharpCompilation> s_consumer = new(() => GeneratorHarness.CreateCompilation());

    /// <summary>Runs the generator over one description in an empty consumer (shared: compilations are immutable).</summary>
    internal static Outcome Generate(string text)
    {
        // No step tracking: thousands of runs, and only their output matters here.
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [new ProviderGenerator().AsSourceGenerator()],
                [DescriptionSamples.File(text, HostileBase.Path)],
                RoslynHarness.ParseOptions,
                new MetadataOptionsProvider([]))
            .RunGeneratorsAndUpdateCompilation(s_consumer.Value, out Compilation compilation, out ImmutableArray<Diagnostic> diagnostics);
        var run = new GeneratorRun(driver, driver.GetRunResult(), compilation, diagnostics);
        Assert.Null(run.Result.Results[0].Exception);
        ImmutableArray<Diagnostic> errors = [.. run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("ALTER", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error)];
        return new Outcome(run, GeneratedShape.Of(run.Result), errors);
    }

    internal static IEnumerable<string> CompileProblems(GeneratorRun run)
        => run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(GeneratorHarness.Describe);

    [Fact]
    public void The_base_description_holds_every_string_field_of_the_schema()
    {
        SortedSet<string> required = HostileFields.Required();
        var found = HostileFields.Find(JsonNode.Parse(HostileBase.Text)!).Select(f => f.SchemaPointer).ToHashSet(StringComparer.Ordinal);

        string[] missing = [.. required.Where(pointer => !found.Contains(pointer))];
        Assert.True(missing.Length == 0, "the base description lacks: " + string.Join(", ", missing));
        Assert.True(required.Count > 60, $"the schema walk found only {required.Count} string fields");
        output.WriteLine($"provider.schema.json: {required.Count} string-valued fields and free-form keys; the base description holds them at {found.Count} pointers");
    }

    [Fact]
    public void The_base_description_generates_and_compiles_clean()
    {
        Outcome outcome = Generate(HostileBase.Text);

        Assert.Empty(outcome.AlterErrors.Select(GeneratorHarness.Describe));
        Assert.Contains("Hostile.g.cs", outcome.Run.HintNames);
        Assert.Empty(outcome.Shape.SyntaxProblems);
        Assert.Empty(CompileProblems(outcome.Run));
    }

    /// <summary>Prose: text that documents and never names anything, so a payload there must not change what is declared.</summary>
    private static readonly HashSet<string> s_prose = new(StringComparer.Ordinal)
    {
        "description", "summary", "title", "default", "example", "examples", "enum", "const", "pattern", "format", "$comment", "$schema",
    };

    private static bool IsProse(HostileField field)
        => !field.IsKey && field.Path.OfType<string>().Any(segment => s_prose.Contains(segment) || segment.StartsWith("x-", StringComparison.Ordinal));

    [Fact]
    public void No_payload_in_any_field_adds_a_member_an_attribute_or_a_directive()
    {
        var clock = Stopwatch.StartNew();
        Outcome baseline = Generate(HostileBase.Text);
        JsonNode root = JsonNode.Parse(HostileBase.Text)!;
        List<HostileField> fields = HostileFields.Find(root);
        var cases = fields.SelectMany(field => HostilePayloads.All.Select(payload => (Field: field, payload.Name, payload.Text))).ToList();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var compiled = new System.Collections.Concurrent.ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);
        var refusedBy = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int refused = 0, clean = 0;
        long generateTicks = 0, compileTicks = 0;

        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            string where = $"{c.Field.JsonPath} <- {c.Name}";
            long start = Stopwatch.GetTimestamp();
            Outcome outcome = Generate(c.Field.With(root, c.Text).ToJsonString());
            Interlocked.Add(ref generateTicks, Stopwatch.GetTimestamp() - start);
            GeneratedShape shape = outcome.Shape;
            void Fail(IEnumerable<string> problems)
            {
                foreach (string problem in problems)
                {
                    failures.Add(where + ": " + problem);
                }
            }

            Fail(shape.ForbiddenTokens.Select(t => "forbidden identifier " + t));
            Fail(shape.SyntaxProblems);
            Fail(shape.Directives.Except(baseline.Shape.Directives).Select(d => "directive " + d));
            Fail(shape.Directives.Where(d => !d.StartsWith("NullableDirectiveTrivia", StringComparison.Ordinal)).Select(d => "a directive other than #nullable: " + d));
            Fail(shape.AttributeNames.Except(baseline.Shape.AttributeNames).Select(a => "attribute " + a));
            Fail(shape.MemberSignatures.Except(baseline.Shape.MemberSignatures).Select(m => "a kind of member the description never produces: " + m));

            if (outcome.AlterErrors.Length > 0)
            {
                Interlocked.Increment(ref refused);
                foreach (string id in outcome.AlterErrors.Select(d => d.Id).Distinct())
                {
                    refusedBy.AddOrUpdate(id, 1, (_, n) => n + 1);
                }

                Fail(outcome.Run.HintNames.Where(h => h != "App.g.cs").Select(h => "an ALTER error was reported, yet " + h + " was generated"));
                return;
            }

            Interlocked.Increment(ref clean);
            if (IsProse(c.Field))
            {
                // Prose changes documentation only: the same files with the same number of members and attributes.
                foreach ((string hint, int count) in baseline.Shape.MembersByFile)
                {
                    if (shape.MembersByFile.GetValueOrDefault(hint) != count || shape.AttributesByFile.GetValueOrDefault(hint) != baseline.Shape.AttributesByFile[hint])
                    {
                        failures.Add($"{where}: {hint} declares {shape.MembersByFile.GetValueOrDefault(hint)} members and {shape.AttributesByFile.GetValueOrDefault(hint)} attributes, the description {count} and {baseline.Shape.AttributesByFile[hint]}");
                    }
                }
            }

            // Comments do not change what compiles: compile each distinct token stream once.
            start = Stopwatch.GetTimestamp();
            string[] problems = compiled.GetOrAdd(GeneratedShape.Tokens(outcome.Run.Result), _ => [.. CompileProblems(outcome.Run)]);
            Interlocked.Add(ref compileTicks, Stopwatch.GetTimestamp() - start);
            Fail(problems);
        });

        string summary = $"hostile-input suite: {fields.Count} fields x {HostilePayloads.All.Length} payloads = {cases.Count} generator runs; "
            + $"{clean} generated and compiled clean ({compiled.Count} distinct compilations), {refused} refused with an ALTER error "
            + $"({string.Join(", ", refusedBy.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ": " + p.Value))}); {failures.Count} failures; {clock.Elapsed.TotalSeconds:F1} s "
            + $"(generator and shape {Stopwatch.GetElapsedTime(0, generateTicks).TotalSeconds:F1} s, compilations {Stopwatch.GetElapsedTime(0, compileTicks).TotalSeconds:F1} s, on {Environment.ProcessorCount} threads at most 2)";
        output.WriteLine(summary);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "hostile-input-suite.txt"), summary + "\n");
        Assert.True(failures.IsEmpty, summary + "\n" + string.Join("\n", failures.Order(StringComparer.Ordinal).Take(40)));
    }
}
