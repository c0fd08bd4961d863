using Alter.Typed.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>The pipeline caches: a C# edit re-runs nothing, a description edit re-runs that description only.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] s_stepNames = typeof(TrackingNames)
        .GetFields()
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void An_unrelated_CSharp_edit_leaves_every_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(CompilationTests.Consumer);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github"))
            .RunGenerators(compilation);

        SyntaxTree consumer = compilation.SyntaxTrees.Single();
        string edited = CompilationTests.Consumer.Replace(
            "    internal static async Task Run()",
            "    internal static int Added() => 42;\n\n    internal static async Task Run()",
            StringComparison.Ordinal);
        Assert.NotEqual(CompilationTests.Consumer, edited);
        compilation = compilation.ReplaceSyntaxTree(consumer, CSharpSyntaxTree.ParseText(edited, RoslynHarness.ParseOptions, consumer.FilePath));
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results[0];
        Assert.Null(result.Exception);
        foreach (string name in s_stepNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"the step '{name}' was not tracked");
            AssertCachedOrUnchanged(name, result.TrackedSteps[name]);
        }

        Assert.NotEmpty(result.TrackedOutputSteps);
        foreach ((string name, var steps) in result.TrackedOutputSteps)
        {
            AssertCachedOrUnchanged(name, steps);
        }

        Assert.Equal(3, result.GeneratedSources.Length);
    }

    [Fact]
    public void Editing_one_description_reruns_only_that_provider()
    {
        AdditionalText slack = GeneratorHarness.Provider("slack");
        AdditionalText github = GeneratorHarness.Provider("github");
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(CompilationTests.Consumer);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(slack, github).RunGenerators(compilation);

        string text = slack.GetText()!.ToString().Replace("Sends a message to a channel.", "Posts a message to a channel.", StringComparison.Ordinal);
        driver = driver.ReplaceAdditionalText(slack, new InMemoryAdditionalText(slack.Path, text)).RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results[0];
        Assert.Null(result.Exception);

        // Per-file steps: Slack re-ran and changed, GitHub was served from the cache.
        foreach (string name in new[] { TrackingNames.Parsed, TrackingNames.Models })
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.Equal(2, outputs.Count);
            Assert.Contains(outputs, o => ProviderId(o.Value) == "slack" && o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains(outputs, o => ProviderId(o.Value) == "github" && o.Reason == IncrementalStepRunReason.Cached);
        }

        // Source output: only Slack.g.cs was produced again.
        var emitted = result.TrackedSteps[TrackingNames.ProvidersToEmit].SelectMany(step => step.Outputs).ToList();
        Assert.Contains(emitted, o => ProviderId(o.Value) == "slack" && o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(emitted, o => ProviderId(o.Value) == "github" && o.Reason == IncrementalStepRunReason.Cached);

        // The App's provider list did not change: App.g.cs is not re-emitted.
        AssertCachedOrUnchanged(TrackingNames.AppModel, result.TrackedSteps[TrackingNames.AppModel]);
        Assert.Contains("Posts a message to a channel.", result.GeneratedSources.Single(s => s.HintName == "Slack.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_text_in_a_description_updates_diagnostics_but_not_the_model()
    {
        AdditionalText slack = GeneratorHarness.Provider("slack");
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(slack).RunGenerators(compilation);

        // Whitespace only: positions shift, the model is equal.
        string text = "\n\n" + slack.GetText()!.ToString();
        driver = driver.ReplaceAdditionalText(slack, new InMemoryAdditionalText(slack.Path, text)).RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results[0];
        Assert.Contains(result.TrackedSteps[TrackingNames.Parsed].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        AssertCachedOrUnchanged(TrackingNames.Models, result.TrackedSteps[TrackingNames.Models]);
        AssertCachedOrUnchanged(TrackingNames.ProvidersToEmit, result.TrackedSteps[TrackingNames.ProvidersToEmit]);
    }

    private static string? ProviderId(object? value) => value switch
    {
        ParseResult result => result.Key?.Id,
        ProviderModel model => model.Id,
        ValueTuple<ProviderModel?, EmitSettings> pair => pair.Item1?.Id,
        _ => null,
    };

    private static void AssertCachedOrUnchanged(string name, IEnumerable<IncrementalGeneratorRunStep> steps)
    {
        foreach (IncrementalGeneratorRunStep step in steps)
        {
            foreach ((object _, IncrementalStepRunReason reason) in step.Outputs)
            {
                Assert.True(
                    reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"the step '{name}' ran again ({reason})");
            }
        }
    }
}
