using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>
/// Property: for random mutations of real catalog descriptions (Slack, GitHub, Notion) — strings inserted into or
/// replacing JSON strings and keys, keys deleted, any value (string, number, object, array) replaced by one of another JSON type — the generator never throws (nor reports
/// ALTER099), emits no forbidden identifier or directive, and never emits code that fails to compile without an ALTER error.
/// Deterministic by default (a fixed seed); <c>ALTER_PROPERTY_SEED</c> and <c>ALTER_PROPERTY_ITERATIONS</c> change it.
/// </summary>
public sealed class MutationPropertyTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 120;
    private const ulong DefaultSeed = 20_261_206;

    private static readonly string[] s_providers = ["slack", "github", "notion"];

    private static readonly Lazy<JsonNode[]> s_bases = new(() =>
        [.. s_providers.Select(id => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "providers", id, id + ".provider.json")))!)]);

    /// <summary>Characters a random string is made of: plain text, syntax of C# and XML, and every kind of dangerous character.</summary>
    private const string Pool = "aZ09 _-./{}[]()<>\"'\\;:,#@$&*=+!?|~`\r\n\t\0\u0085\u2028\u2029\uFEFF\u202E\u200B\u00A0\uD800\uFFFF日é";

    internal enum Kind { Insert, Replace, RenameKey, DeleteKey, ChangeType }

    internal sealed record Mutation(Kind Kind, uint Position, uint Offset, string Text, int NewType);

    /// <summary>Plain text and C#/XML syntax only: most such mutations keep the description valid, so its code gets compiled.</summary>
    private const string PlainPool = "aZ09 _-./{}[]()<>\"'\\;:,#@$&*=+!?|~`日é";

    private static Gen<string> Text(string pool) => Gen.Int[0, pool.Length - 1].Array[0, 24].Select(indexes => new string([.. indexes.Select(i => pool[i])]));

    private static readonly Gen<string> s_text = Gen.Frequency(
        (3, Text(PlainPool)),
        (2, Text(Pool)),
        (1, Gen.Int[0, HostilePayloads.All.Length - 1].Select(i => HostilePayloads.All[i].Text)));

    private static readonly Gen<Mutation> s_mutation = Gen.Select(
        Gen.Int[0, 4].Select(k => (Kind)k), Gen.UInt, Gen.UInt, s_text, Gen.Int[0, 5],
        (kind, position, offset, text, newType) => new Mutation(kind, position, offset, text, newType));

    internal static readonly Gen<(int Base, Mutation[] Mutations)> Case = Gen.Select(Gen.Int[0, s_providers.Length - 1], s_mutation.Array[1, 4]);

    [Fact]
    public void Mutated_catalog_descriptions_never_crash_the_generator_nor_compile_to_broken_code_unreported()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("ALTER_PROPERTY_ITERATIONS"), out int n) ? n : DefaultIterations;
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("ALTER_PROPERTY_SEED"), out ulong s) ? s : DefaultSeed;
        var clock = Stopwatch.StartNew();
        var compiled = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new ConcurrentBag<string>();

        Parallel.For(0, iterations, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            // One PCG per iteration: iteration i is the same on every run and every thread schedule.
            var pcg = new PCG(1, seed + (ulong)i);
            (int baseIndex, Mutation[] mutations) = Case.Generate(pcg, null, out _);
            JsonNode document = s_bases.Value[baseIndex].DeepClone();
            foreach (Mutation mutation in mutations)
            {
                Apply(document, mutation);
            }

            string where = $"iteration {i} (seed {seed + (ulong)i}, {s_providers[baseIndex]}: {string.Join("; ", mutations.Select(m => m.Kind + "@" + m.Position))})";
            string outcome = Check(document.ToJsonString(), compiled, where, failures);
            outcomes.AddOrUpdate(outcome, 1, (_, count) => count + 1);
        });

        string summary = $"property test: {iterations} random mutations of slack/github/notion (seed {seed}); "
            + string.Join(", ", outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ": " + p.Value))
            + $"; {compiled.Count} distinct compilations; {failures.Count} failures; {clock.Elapsed.TotalSeconds:F1} s";
        output.WriteLine(summary);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "mutation-property-test.txt"), summary + "\n");
        Assert.True(failures.IsEmpty, summary + "\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>Runs the generator on one mutated description; returns what happened ("compiled clean", "ALTER004", ...).</summary>
    private static string Check(string text, ConcurrentDictionary<string, string[]> compiled, string where, ConcurrentBag<string> failures)
    {
        HostileInputTests.Outcome outcome;
        try
        {
            outcome = HostileInputTests.Generate(text);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failures.Add(where + ": the generator threw " + ex.GetType().Name + ": " + ex.Message);
            return "threw";
        }

        foreach (string problem in outcome.Shape.ForbiddenTokens.Concat(outcome.Shape.Directives.Where(d => !d.StartsWith("NullableDirectiveTrivia", StringComparison.Ordinal))))
        {
            failures.Add(where + ": " + problem);
        }

        if (outcome.Run.GeneratorDiagnostics.FirstOrDefault(d => d.Id == "ALTER099") is Diagnostic internalError)
        {
            failures.Add(where + ": " + GeneratorHarness.Describe(internalError));
            return "ALTER099";
        }

        if (outcome.AlterErrors.Length > 0)
        {
            return "refused (" + outcome.AlterErrors[0].Id + ")";
        }

        string[] problems = compiled.GetOrAdd(
            GeneratedShape.Tokens(outcome.Run.Result),
            _ => [.. outcome.Run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorHarness.Describe)]);
        foreach (string problem in problems.Concat(outcome.Shape.SyntaxProblems.Where(p => p.Contains(": Error ", StringComparison.Ordinal))))
        {
            failures.Add(where + ": compiles with an error and no ALTER error: " + problem);
        }

        return "generated and compiled";
    }

    /// <summary>Applies one mutation at the <see cref="Mutation.Position"/>-th string (or key) of the document, modulo their count.</summary>
    internal static void Apply(JsonNode document, Mutation mutation)
    {
        bool keys = mutation.Kind is Kind.RenameKey or Kind.DeleteKey;
        var places = new List<(JsonNode Parent, object Slot)>();
        Collect(document, keys, places, anyValue: mutation.Kind == Kind.ChangeType);
        if (places.Count == 0)
        {
            return;
        }

        (JsonNode parent, object slot) = places[(int)(mutation.Position % (uint)places.Count)];
        switch (mutation.Kind)
        {
            case Kind.Insert:
                string value = Get(parent, slot)!.GetValue<string>();
                int at = (int)(mutation.Offset % (uint)(value.Length + 1));
                Set(parent, slot, JsonValue.Create(value.Insert(at, mutation.Text)));
                break;
            case Kind.Replace:
                Set(parent, slot, JsonValue.Create(mutation.Text));
                break;
            case Kind.ChangeType:
                Set(parent, slot, mutation.NewType switch
                {
                    0 => JsonValue.Create(mutation.Offset % 1000),
                    1 => JsonValue.Create(mutation.Offset % 2 == 0),
                    2 => new JsonObject { ["type"] = mutation.Text },
                    3 => new JsonArray(JsonValue.Create(mutation.Text)),
                    4 => JsonValue.Create(-1.5e300),
                    _ => null,
                });
                break;
            case Kind.RenameKey or Kind.DeleteKey:
                var obj = (JsonObject)parent;
                var entries = obj.ToList();
                obj.Clear();
                foreach (KeyValuePair<string, JsonNode?> entry in entries)
                {
                    if (entry.Key != (string)slot)
                    {
                        obj[entry.Key] = entry.Value;
                    }
                    else if (mutation.Kind == Kind.RenameKey)
                    {
                        string renamed = entry.Key.Insert((int)(mutation.Offset % (uint)(entry.Key.Length + 1)), mutation.Text);
                        obj[entries.Any(e => e.Key == renamed) ? entry.Key : renamed] = entry.Value;
                    }
                }

                break;
        }
    }

    private static JsonNode? Get(JsonNode parent, object slot) => slot is int i ? parent[i] : parent[(string)slot];

    private static void Set(JsonNode parent, object slot, JsonNode? value)
    {
        if (slot is int i)
        {
            parent[i] = value;
        }
        else
        {
            parent[(string)slot] = value;
        }
    }

    /// <summary>Where a mutation can apply: keys, string values, or (<paramref name="anyValue"/>, for type changes) any value.</summary>
    private static void Collect(JsonNode? node, bool keys, List<(JsonNode, object)> places, bool anyValue)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach ((string key, JsonNode? child) in obj)
                {
                    if (keys || anyValue || child is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        places.Add((obj, key));
                    }

                    Collect(child, keys, places, anyValue);
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (!keys && (anyValue || array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String))
                    {
                        places.Add((array, i));
                    }

                    Collect(array[i], keys, places, anyValue);
                }

                break;
        }
    }
}
