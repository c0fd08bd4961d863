using Xunit;
using Xunit.Abstractions;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// Acceptance 1: every operation of each shared spec is imported (none left out: multipart and raw bodies and non-JSON
/// answers included), generated and compiled with zero errors and zero warnings (the generator's and the C# compiler's,
/// XML docs included).
/// </summary>
public sealed class FullImportTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string, int> Specs => new()
    {
        // id, display name, spec, its operations (path + method pairs): every one is imported
        { "slack", "Slack", "slack/slack_web_openapi_v2.json", 174 },
        { "github", "GitHub", "github/api.github.com.json", 623 },
        { "notion", "Notion", "notion/notion-openapi.json", 24 },
        { "discord", "Discord", "discord/openapi.json", 242 },
        { "spotify", "Spotify", "spotify/fixed-spotify-open-api.yml", 97 },
        // Google Discovery documents (methods counted by walking resources/*/methods), through the same entry point.
        { "gmail", "Gmail", "google/gmail__v1.json", 79 },
        { "google-calendar", "GoogleCalendar", "google/calendar__v3.json", 37 },
        { "google-drive", "GoogleDrive", "google/drive__v3.json", 58 },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task Every_operation_imports_and_compiles_without_a_diagnostic(string id, string name, string spec, int operations)
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Spec(spec), new ImportOptions { Id = id, Name = name });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        foreach (ImportDiagnostic warning in result.Warnings)
        {
            output.WriteLine(warning.ToString());
        }

        Assert.Empty(result.Warnings.Where(w => w.Message.EndsWith("this operation is left out", StringComparison.Ordinal)).Select(w => w.ToString()));
        Assert.Equal(operations, result.OperationCount);

        GeneratedCompilation compilation = Harness.Compile([($"/catalog/{id}/{id}.provider.json", result.DescriptionJson!, null)]);
        Assert.Null(compilation.Result.Results[0].Exception);
        Assert.Empty(compilation.Problems.Take(50));
        Assert.Empty(compilation.StrictNullableProblems.Take(50));
        Assert.Contains($"{name}.g.cs", compilation.Result.Results[0].GeneratedSources.Select(s => s.HintName));
    }
}
