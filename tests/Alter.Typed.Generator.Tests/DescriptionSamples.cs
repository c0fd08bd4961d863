namespace Alter.Typed.Generator.Tests;

/// <summary>Small descriptions for diagnostics and naming tests.</summary>
internal static class DescriptionSamples
{
    public const string Path = "/catalog/demo/demo.provider.json";

    /// <summary>A valid description; <paramref name="operations"/> and <paramref name="schemas"/> are spliced in as JSON text.</summary>
    public static string Valid(string operations = "[]", string schemas = "{}", string auth = """{ "kind": "bearer" }""", string name = "Demo", string id = "demo")
        => $$"""
        {
          "formatVersion": 1,
          "id": "{{id}}",
          "name": "{{name}}",
          "auth": {{auth}},
          "api": { "baseUrl": "https://api.demo.test/", "allowedHosts": ["api.demo.test"], "jsonNaming": "snake_case" },
          "operations": {{operations}},
          "schemas": {{schemas}}
        }
        """;

    public static InMemoryAdditionalText File(string text, string path = Path) => new(path, text);
}
