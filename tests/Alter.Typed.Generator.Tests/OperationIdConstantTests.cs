using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>The generated <c>&lt;Provider&gt;Operations</c> constants: a policy naming an operation is checked by the compiler.</summary>
public sealed class OperationIdConstantTests
{
    [Fact]
    public void A_policy_built_from_constants_compiles_and_a_misspelt_operation_does_not()
    {
        const string source = """
            using Alter.Typed;
            using Alter.Typed.Slack;

            internal static class Policies
            {
                internal static AccessPolicy Good() => AccessPolicy.Create("bot").Allow(SlackOperations.ChatPostMessage, Alter.Typed.GitHub.GitHubOperations.IssuesCreate).Build();

                internal static AccessPolicy Typo() => AccessPolicy.Create("bot").Allow(SlackOperations.ChatPostMesage).Build();
            }
            """;

        GeneratorRun run = GeneratorHarness.Run([GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")], source);

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Diagnostic error = Assert.Single(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS0117", error.Id);                                            // 'SlackOperations' does not contain a definition for 'ChatPostMesage'
        Assert.Contains("ChatPostMesage", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constants_hold_provider_colon_operation_id()
    {
        string source = GeneratorHarness.Run([GeneratorHarness.Provider("github")]).Source("GitHub.g.cs");

        Assert.Contains("public static class GitHubOperations", source, StringComparison.Ordinal);
        Assert.Contains("public const string IssuesListForRepo = \"github:issues/list-for-repo\";", source, StringComparison.Ordinal);
        Assert.Contains("internal static class GitHubOperationDescriptors", source, StringComparison.Ordinal);
    }
}
