using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>Documentation links are only links: braces name reference pages, not per-connection values.</summary>
public sealed class DocsUrlTests
{
    [Fact]
    public void A_docs_url_with_braces_is_kept_as_written_and_a_relative_one_is_refused()
    {
        const string Operations = """
            [ { "id": "users/get", "method": "GET", "path": "users/me", "docsUrl": "https://docs.demo.test/api/#GET/users/{userId}",
                "response": { "schema": { "type": "object" } } } ]
            """;
        var run = GeneratorHarness.Run([DescriptionSamples.File(DescriptionSamples.Valid(Operations))]);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("https://docs.demo.test/api/#GET/users/{userId}", run.Source("Demo.g.cs"));
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));

        var relative = GeneratorHarness.Run([DescriptionSamples.File(DescriptionSamples.Valid(Operations.Replace("https://docs.demo.test/api/", "/api/")))]);
        var diagnostic = Assert.Single(relative.GeneratorDiagnostics);
        Assert.Contains("is not an absolute http or https URL", diagnostic.GetMessage());
    }
}
