using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// Per-consumer operation selection: the AdditionalFiles metadata AlterOperations (globs over ids or paths) keeps
/// the selected operations and only the schemas they reach; the pipeline stays cached.
/// </summary>
public sealed class SelectionTests
{
    private static GeneratorRun Run(Dictionary<string, string?> operations, params string[] sources)
    {
        AdditionalText[] files = [GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")];
        var provider = new MetadataOptionsProvider(files.ToDictionary(f => f, f => operations.GetValueOrDefault(Path.GetFileName(f.Path))));
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files, provider)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
    }

    [Fact]
    public void Only_the_selected_operations_and_the_schemas_they_reach_are_generated()
    {
        GeneratorRun run = Run(new() { ["github.provider.json"] = "issues/list-*" }, """
            internal static class C
            {
                internal static async System.Threading.Tasks.Task M(Alter.Typed.App app)
                    => System.Console.WriteLine((await app.GitHub.Issues.ListForRepo("o", "r")).Count);
            }
            """);
        string github = run.Source("GitHub.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Contains("ListForRepo(", github, StringComparison.Ordinal);
        Assert.DoesNotContain(" Create(", github, StringComparison.Ordinal);
        Assert.DoesNotContain("GetAuthenticated", github, StringComparison.Ordinal);
        Assert.DoesNotContain("class PrivateUser", github, StringComparison.Ordinal); // reached by users/* only
        Assert.Contains("class Issue", github, StringComparison.Ordinal);
        Assert.Contains("class SimpleUser", github, StringComparison.Ordinal); // reached through Issue
        Assert.Contains("PostMessage(", run.Source("Slack.g.cs"), StringComparison.Ordinal); // no metadata: everything
    }

    [Theory]
    [InlineData("chat.*;auth.test", new[] { "PostMessage", "Test" }, new[] { "List" })]
    [InlineData("conversations.list", new[] { "List" }, new[] { "PostMessage", "Test" })]
    [InlineData("/chat.postMessage, auth.*", new[] { "PostMessage", "Test" }, new[] { "List" })] // by path, ',' separates too
    [InlineData(" ", new[] { "PostMessage", "Test", "List" }, new string[0])] // blank: everything
    public void Globs_match_ids_or_paths(string operations, string[] kept, string[] dropped)
    {
        GeneratorRun run = Run(new() { ["slack.provider.json"] = operations });
        string slack = run.Source("Slack.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
        Assert.All(kept, method => Assert.Contains(" " + method + "(", slack, StringComparison.Ordinal));
        Assert.All(dropped, method => Assert.DoesNotContain(" " + method + "(", slack, StringComparison.Ordinal));
    }

    [Fact]
    public void A_selection_that_matches_nothing_is_a_warning_and_an_empty_client()
    {
        GeneratorRun run = Run(new() { ["slack.provider.json"] = "chat.postMesage" });

        Diagnostic warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER009", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("'chat.postMesage' selects no operation of 'slack'", warning.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("slack.provider.json", warning.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.DoesNotContain("PostMessage(", run.Source("Slack.g.cs"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public void With_a_selection_an_unrelated_CSharp_edit_leaves_every_step_cached()
    {
        AdditionalText[] files = [GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")];
        var provider = new MetadataOptionsProvider(new() { [files[1]] = "issues/*" });
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("internal static class A { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files, provider).RunGenerators(compilation);

        compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("internal static class B { }", RoslynHarness.ParseOptions));
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results[0];
        Assert.Null(result.Exception);
        foreach ((string name, var steps) in result.TrackedSteps.Concat(result.TrackedOutputSteps))
        {
            Assert.All(steps.SelectMany(step => step.Outputs), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"the step '{name}' ran again ({output.Reason})"));
        }
    }

    [Fact]
    public void Changing_the_selection_of_one_provider_reparses_that_provider_only()
    {
        AdditionalText[] files = [GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")];
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files, new MetadataOptionsProvider(new() { [files[1]] = "issues/*" })).RunGenerators(compilation);

        driver = driver.WithUpdatedAnalyzerConfigOptions(new MetadataOptionsProvider(new() { [files[1]] = "users/*" })).RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results[0];
        var parsed = result.TrackedSteps[TrackingNames.Parsed].SelectMany(step => step.Outputs).ToList();
        Assert.Contains(parsed, o => o.Value is Model.ParseResult { Key.Id: "github" } && o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(parsed, o => o.Value is Model.ParseResult { Key.Id: "slack" } && o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        string github = result.GeneratedSources.Single(s => s.HintName == "GitHub.g.cs").SourceText.ToString();
        Assert.Contains("GetAuthenticated(", github, StringComparison.Ordinal);
        Assert.DoesNotContain("ListForRepo(", github, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_type_names_are_shortened_stably()
    {
        string longName = string.Concat(Enumerable.Repeat("Nested", 30));
        string description = DescriptionSamples.Valid(
            operations: """[{ "id": "items/get", "method": "GET", "path": "items", "response": { "schema": { "$ref": "#/schemas/LONG" } } }]""".Replace("LONG", longName, StringComparison.Ordinal),
            schemas: "{ \"" + longName + "\": { \"type\": \"object\", \"properties\": { \"id\": { \"type\": \"string\" } } } }");
        GeneratorRun first = GeneratorHarness.Run([DescriptionSamples.File(description)]);
        GeneratorRun second = GeneratorHarness.Run([DescriptionSamples.File(description)]);

        string expected = Naming.Identifiers.Shorten(longName, Naming.Identifiers.MaxTypeNameLength);
        Assert.Equal(Naming.Identifiers.MaxTypeNameLength, expected.Length);
        Assert.Matches("^(Nested)+N?e?s?t?e?d?_[0-9A-F]{8}$", expected);
        Assert.Contains("public sealed partial class " + expected, first.Source("Demo.g.cs"), StringComparison.Ordinal);
        Assert.Equal(first.Source("Demo.g.cs"), second.Source("Demo.g.cs"));
        Assert.Empty(first.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }
}
