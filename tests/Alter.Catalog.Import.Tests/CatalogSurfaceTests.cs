using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// The catalog carries each provider's whole official API (issue 14): <c>providers/&lt;id&gt;/&lt;id&gt;.provider.json</c>
/// is exactly what the importer writes from the shared official description merged with the curated entry
/// (<c>&lt;id&gt;.curated.json</c>, whose operations become <c>defaultOperations</c>); every operation of the spec is imported
/// (none left out: multipart and raw bodies and non-JSON answers included) and compiles with <c>Operations="*"</c> with zero
/// errors and zero warnings (the generator's and the C# compiler's, XML docs included, and under full nullable analysis);
/// and a consumer that selects nothing gets the very code the curated entry gave.
/// Regenerate the catalog files: <c>ALTER_UPDATE_CATALOG=1 dotnet test tests/Alter.Catalog.Import.Tests --filter CatalogSurfaceTests</c>.
/// </summary>
public sealed class CatalogSurfaceTests(ITestOutputHelper output)
{
    private const string UpdateVariable = "ALTER_UPDATE_CATALOG";

    /// <summary>Provider id → the shared spec and where it was published (../shared/specs/README.md).</summary>
    /// <remarks>Operation counts are path + method pairs (Google: methods under resources/*/methods); each curated id is one of them.</remarks>
    private static readonly Dictionary<string, (string Spec, int Operations, ImportSource Source)> s_surfaces = new()
    {
        ["slack"] = ("slack/slack_web_openapi_v2.json", 174, new("https://github.com/slackapi/slack-api-specs/blob/bc08db4962/web-api/slack_web_openapi_v2.json", "1.7.0 (commit bc08db4962)", "2020-10", "MIT")),
        ["github"] = ("github/api.github.com.json", 623, new("https://github.com/github/rest-api-description (release v0.0.6, as vendored by WillAbides/octo-go @ fa158bdda8)", "v0.0.6 (info.version 0.0.5)", "2020-09", "MIT")),
        ["notion"] = ("notion/notion-openapi.json", 24, new("https://github.com/makenotion/notion-mcp-server/blob/1d38420769/scripts/notion-openapi.json", "2.0.0 (API 2025-09-03, commit 1d38420769)", "2025-09-03", "MIT")),
        ["discord"] = ("discord/openapi.json", 242, new("https://github.com/discord/discord-api-spec/blob/74fda0fad0/specs/openapi.json", "10 (preview, commit 74fda0fad0)", "not recorded (commit 74fda0fad0)", "MIT")),
        ["spotify"] = ("spotify/fixed-spotify-open-api.yml", 97, new("https://github.com/sonallux/spotify-web-api/blob/a3369587d2/fixed-spotify-open-api.yml (community spec built from Spotify's docs)", "2026.5.31 (commit a3369587d2)", "2026-05-31", "MIT")),
        ["gmail"] = ("google/gmail__v1.json", 79, new("https://github.com/google/googleapis.dart/blob/444fd6c828/discovery/googleapis/gmail__v1.json", "v1, revision 20260413", "2026-04-13", "BSD-3-Clause")),
        ["google-calendar"] = ("google/calendar__v3.json", 37, new("https://github.com/google/googleapis.dart/blob/444fd6c828/discovery/googleapis/calendar__v3.json", "v3, revision 20260225", "2026-02-25", "BSD-3-Clause")),
        // Not in ../shared/specs: fetched from the provider's own repository, vendored beside the curated entry.
        // 247 in the description, and the curated getUser-me (GET users/me, Asana's "me" alias of getUser) beside them.
        ["asana"] = ("providers/asana/asana.openapi.yaml", 248, new("https://github.com/Asana/openapi/blob/fc9f8dcf22/defs/asana_oas.yaml", "1.0 (commit fc9f8dcf22)", "2026-06-11", "Apache-2.0")),
        ["box"] = ("providers/box/box.openapi.json", 296, new("https://github.com/box/box-openapi/blob/c9a878a982/openapi.json", "2024.0 (commit c9a878a982)", "2026-06-29", "Apache-2.0")),
        ["google-drive"] = ("google/drive__v3.json", 58, new("https://github.com/google/googleapis.dart/blob/444fd6c828/discovery/googleapis/drive__v3.json", "v3, revision 20260405", "2026-04-05", "BSD-3-Clause")),
    };

    public static TheoryData<string> Providers => [.. s_surfaces.Keys];

    private static string File(string id, string suffix) => Path.Combine(Repository.Root, "providers", id, id + suffix);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Catalog_entry_is_the_official_description_merged_with_the_curated_set_and_compiles_whole(string id)
    {
        (string spec, int operations, ImportSource source) = s_surfaces[id];
        ImportResult result = await OpenApiImporter.ImportAsync(
            spec.StartsWith("providers/", StringComparison.Ordinal) ? Path.Combine(Repository.Root, spec) : Harness.Spec(spec),
            new ImportOptions { Id = id, Base = File(id, ".curated.json"), BaseIsDefault = true, Source = source });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings.Where(w => w.Message.EndsWith("this operation is left out", StringComparison.Ordinal)).Select(w => w.ToString()));

        string catalogFile = File(id, ".provider.json");
        string? current = System.IO.File.Exists(catalogFile) ? System.IO.File.ReadAllText(catalogFile).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (current != result.DescriptionJson)
        {
            if (Environment.GetEnvironmentVariable(UpdateVariable) != "1")
            {
                Assert.Fail($"providers/{id}/{id}.provider.json is not the import of {spec} over {id}.curated.json. Regenerate: {UpdateVariable}=1 dotnet test tests/Alter.Catalog.Import.Tests --filter CatalogSurfaceTests");
            }

            System.IO.File.WriteAllText(catalogFile, result.DescriptionJson);
        }

        var curated = (JsonObject)JsonNode.Parse(System.IO.File.ReadAllText(File(id, ".curated.json")))!;
        var merged = (JsonObject)JsonNode.Parse(result.DescriptionJson!)!;
        Assert.Equal(
            curated["operations"]!.AsArray().Select(o => (string?)o!["id"]),
            merged["defaultOperations"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(operations, result.OperationCount);
        output.WriteLine($"{id}: {result.OperationCount} operations, {curated["operations"]!.AsArray().Count} by default");
        foreach (ImportDiagnostic warning in result.Warnings)
        {
            output.WriteLine(warning.ToString());
        }

        // Operations="*": every operation of the catalog entry, zero diagnostics from the generator and the compiler.
        GeneratedCompilation all = Harness.Compile([($"/catalog/{id}/{id}.provider.json", result.DescriptionJson!, "*")]);
        Assert.Null(all.Result.Results[0].Exception);
        Assert.Empty(all.Problems.Take(50));
        Assert.Empty(all.StrictNullableProblems.Take(50));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Without_a_selection_a_consumer_gets_exactly_the_code_of_the_curated_entry(string id)
    {
        // Same path for both: the source path appears in generated #line-free code only through diagnostics, but keep it equal anyway.
        string path = $"/catalog/{id}/{id}.provider.json";
        GeneratedCompilation before = Harness.Compile([(path, System.IO.File.ReadAllText(File(id, ".curated.json")), null)]);
        GeneratedCompilation after = Harness.Compile([(path, System.IO.File.ReadAllText(File(id, ".provider.json")), null)]);
        Assert.Empty(after.Problems.Take(50));
        var expected = before.Result.Results[0].GeneratedSources.Select(s => (s.HintName, Text: s.SourceText.ToString())).ToList();
        var actual = after.Result.Results[0].GeneratedSources.Select(s => (s.HintName, Text: s.SourceText.ToString())).ToList();
        Assert.Equal(expected.Select(s => s.HintName), actual.Select(s => s.HintName));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Text == actual[i].Text, $"{expected[i].HintName} differs from the curated entry's: first differing line {FirstDifference(expected[i].Text, actual[i].Text)}");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i])
            {
                return $"{i + 1}: expected `{e[i].Trim()}`, got `{a[i].Trim()}`";
            }
        }

        return (Math.Min(e.Length, a.Length) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
