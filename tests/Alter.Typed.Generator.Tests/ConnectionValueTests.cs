using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>Per-connection values: declared placeholders may stand in URLs and hosts; undeclared ones are ALTER004.</summary>
public sealed class ConnectionValueTests
{
    private static string Templated(string authorizationUrl) => $$"""
        {
          "formatVersion": 1,
          "id": "zendesk",
          "name": "Zendesk",
          "connectionValues": [ { "name": "subdomain", "description": "Your Zendesk subdomain: <subdomain>.zendesk.com." } ],
          "auth": {
            "kind": "oauth2",
            "authorizationUrl": "{{authorizationUrl}}",
            "tokenUrl": "https://{subdomain}.zendesk.com/oauth/tokens",
            "userScopeParameter": "user_scope"
          },
          "api": { "baseUrl": "https://{subdomain}.zendesk.com/api/v2/", "allowedHosts": ["{subdomain}.zendesk.com"], "jsonNaming": "snake_case" },
          "operations": []
        }
        """;

    [Fact]
    public void Declared_placeholders_reach_the_descriptor_and_compile()
    {
        var run = GeneratorHarness.Run([DescriptionSamples.File(Templated("https://{subdomain}.zendesk.com/oauth/authorizations/new"), "/catalog/zendesk/zendesk.provider.json")]);

        Assert.Empty(run.GeneratorDiagnostics);
        var source = run.Source("Zendesk.g.cs");
        Assert.Contains("""new global::Alter.Typed.ConnectionValue("subdomain", "Your Zendesk subdomain: <subdomain>.zendesk.com.", null),""", source);
        Assert.Contains("""UserScopeParameter = "user_scope",""", source);
        Assert.Contains("""AllowedHosts = new string[] { "{subdomain}.zendesk.com" },""", source);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void An_undeclared_placeholder_is_ALTER004()
    {
        var run = GeneratorHarness.Run([DescriptionSamples.File(Templated("https://{tenant}.zendesk.com/oauth/authorizations/new"), "/catalog/zendesk/zendesk.provider.json")]);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER004", diagnostic.Id);
        Assert.Contains("{placeholder}", diagnostic.GetMessage());
    }
}
