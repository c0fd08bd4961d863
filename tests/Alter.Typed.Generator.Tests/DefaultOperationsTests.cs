using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// <c>defaultOperations</c>: a description that carries a provider's whole API names the operations a consumer gets without
/// a selection; a consumer's selection replaces it, and <c>*</c> is a full run (every operation and every model).
/// </summary>
public sealed class DefaultOperationsTests
{
    private const string Operations = """
        [
          { "id": "items.get", "method": "GET", "path": "items/{id}", "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ], "response": { "schema": { "$ref": "#/schemas/Item" } } },
          { "id": "items.list", "method": "GET", "path": "items", "response": { "schema": { "type": "array", "items": { "$ref": "#/schemas/Item" } } } },
          { "id": "orders.get", "method": "GET", "path": "orders/{id}", "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ], "response": { "schema": { "$ref": "#/schemas/Order" } } }
        ]
        """;

    private const string Schemas = """
        {
          "Order": { "type": "object", "properties": { "id": { "type": "string" }, "item": { "$ref": "#/schemas/Item" } } },
          "Item": { "type": "object", "properties": { "id": { "type": "string" }, "label": { "$ref": "#/schemas/Label" } } },
          "Label": { "type": "object", "properties": { "text": { "type": "string" } } },
          "Unused": { "type": "object", "properties": { "x": { "type": "string" } } }
        }
        """;

    private static string Description(string defaultOperations)
        => DescriptionSamples.Valid(Operations, Schemas).Replace("\"formatVersion\": 1,", "\"formatVersion\": 1,\n  \"defaultOperations\": " + defaultOperations + ",", StringComparison.Ordinal);

    private static GeneratorRun Run(string text, string? operations)
    {
        AdditionalText file = DescriptionSamples.File(text);
        var provider = new MetadataOptionsProvider(new Dictionary<AdditionalText, string?> { [file] = operations });
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver([file], provider)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
    }

    [Fact]
    public void Without_a_selection_only_the_default_set_and_the_models_it_reaches_are_generated()
    {
        GeneratorRun run = Run(Description("""["items.get"]"""), operations: null);
        string demo = run.Source("Demo.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Contains(" Get(", demo, StringComparison.Ordinal);
        Assert.DoesNotContain(" List(", demo, StringComparison.Ordinal);
        Assert.DoesNotContain("OrdersOperations", demo, StringComparison.Ordinal);
        Assert.Contains("class Item", demo, StringComparison.Ordinal);
        Assert.Contains("class Label", demo, StringComparison.Ordinal); // reached through Item
        Assert.DoesNotContain("class Order", demo, StringComparison.Ordinal);
        Assert.DoesNotContain("class Unused", demo, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_selection_replaces_the_default_set()
    {
        GeneratorRun run = Run(Description("""["items.get"]"""), operations: "orders.*");
        string demo = run.Source("Demo.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Contains("OrdersOperations", demo, StringComparison.Ordinal);
        Assert.DoesNotContain("ItemsOperations", demo, StringComparison.Ordinal);
        Assert.Contains("class Order", demo, StringComparison.Ordinal);
    }

    [Fact]
    public void Star_is_a_full_run_with_every_operation_and_every_model_in_declaration_order()
    {
        GeneratorRun star = Run(Description("""["items.get"]"""), operations: "*");
        GeneratorRun none = Run(DescriptionSamples.Valid(Operations, Schemas), operations: null);

        Assert.Empty(star.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Contains("class Unused", star.Source("Demo.g.cs"), StringComparison.Ordinal);
        Assert.Equal(none.Source("Demo.g.cs"), star.Source("Demo.g.cs"));
    }

    [Fact]
    public void A_selection_builds_the_models_it_reaches_in_the_order_of_a_full_run()
    {
        // orders.get reaches Order, Item, Label: declared Order, Item, Label, so a full run builds them in that order.
        string selected = Run(Description("""["orders.get"]"""), operations: null).Source("Demo.g.cs");
        int order = selected.IndexOf("class Order", StringComparison.Ordinal);
        int item = selected.IndexOf("class Item", StringComparison.Ordinal);
        int label = selected.IndexOf("class Label", StringComparison.Ordinal);
        Assert.True(order >= 0 && order < item && item < label, "models are not in declaration order");
    }

    [Theory]
    [InlineData("[]", "ALTER004", "'defaultOperations' is empty")]
    [InlineData("\"items.get\"", "ALTER004", "expected an array")]
    [InlineData("[1]", "ALTER004", "expected a string")]
    public void A_malformed_default_set_is_an_error(string value, string id, string message)
    {
        GeneratorRun run = Run(Description(value), operations: null);

        Diagnostic error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, error.Id);
        Assert.Contains(message, error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_set_that_matches_nothing_is_a_warning()
    {
        GeneratorRun run = Run(Description("""["items.gte"]"""), operations: null);

        Diagnostic warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER009", warning.Id);
    }

    [Fact]
    public void Source_is_checked_and_generates_nothing()
    {
        string withSource = DescriptionSamples.Valid(Operations, Schemas).Replace(
            "\"formatVersion\": 1,", "\"formatVersion\": 1,\n  \"source\": { \"url\": \"https://specs.demo.test/openapi.json\", \"version\": \"1\", \"date\": \"2026-01\", \"licence\": \"MIT\" },", StringComparison.Ordinal);
        GeneratorRun run = Run(withSource, operations: null);

        Diagnostic warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ALTER008", warning.Id); // "licence": a typo of "license"
        Assert.Equal(Run(DescriptionSamples.Valid(Operations, Schemas), operations: null).Source("Demo.g.cs"), run.Source("Demo.g.cs"));
    }
}
