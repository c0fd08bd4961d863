using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli;
using Xunit;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// <c>--base</c>: a curated catalog description widened with imported operations keeps everything of its own (auth,
/// api, errors, its operations and schemas), gains the selected operations and the schemas they reach, and compiles
/// without a diagnostic.
/// </summary>
public sealed class WidenTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "alter-widen-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    // The curated entry (the catalog entry before it carried the whole API): widening it is what a user does with a description of their own.
    private static string Catalog(string id) => Path.Combine(Repository.Root, "providers", id, id + ".curated.json");

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static async Task<(JsonObject Base, JsonObject Widened, ImportResult Result)> WidenAsync(string id, string spec, params string[] include)
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Spec(spec), new ImportOptions { Id = id, Include = include, Base = Catalog(id) });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return (Parse(File.ReadAllText(Catalog(id))), Parse(result.DescriptionJson!), result);
    }

    private static void AssertCompiles(string id, ImportResult result)
    {
        GeneratedCompilation compilation = Harness.Compile([($"/my/{id}.provider.json", result.DescriptionJson!, null)]);
        Assert.Null(compilation.Result.Results[0].Exception);
        Assert.Empty(compilation.Problems.Take(50));
    }

    /// <summary>Everything but operations and schemas is the base's, JSON-equal (auth, api, errors, id, name, notes).</summary>
    private static void AssertKeepsBase(JsonObject baseRoot, JsonObject widened)
    {
        Assert.Equal(baseRoot.Select(p => p.Key), widened.Select(p => p.Key));
        foreach ((string key, JsonNode? value) in baseRoot.Where(p => p.Key is not "operations" and not "schemas"))
        {
            Assert.True(JsonNode.DeepEquals(value, widened[key]), $"'{key}' differs from the base's");
        }

        foreach ((string key, JsonNode? value) in baseRoot["schemas"]!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(value, widened["schemas"]![key]), $"the base's schema '{key}' differs");
        }
    }

    private static List<string> Ids(JsonObject description) => [.. description["operations"]!.AsArray().Select(o => o!["id"]!.GetValue<string>())];

    [Fact]
    public async Task GitHub_widened_with_repos_get_keeps_the_curated_entry_and_adds_the_operation()
    {
        var (baseRoot, widened, result) = await WidenAsync("github", "github/api.github.com.json", "repos/get", "repos/list-for-authenticated-user");

        AssertKeepsBase(baseRoot, widened);
        JsonArray baseOperations = baseRoot["operations"]!.AsArray();
        Assert.Equal(["users/get-authenticated", "issues/create", "issues/list-for-repo", "repos/get", "repos/list-for-authenticated-user"], Ids(widened));
        for (int i = 0; i < baseOperations.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(baseOperations[i], widened["operations"]![i]), $"the base's operation {i} differs");
        }

        Assert.Equal(5, result.OperationCount);
        Assert.Equal("GET", widened["operations"]![3]!["method"]!.GetValue<string>());
        Assert.Equal("repos/{owner}/{repo}", widened["operations"]![3]!["path"]!.GetValue<string>());
        Assert.True(widened["schemas"]!.AsObject().Count > baseRoot["schemas"]!.AsObject().Count);

        // The spec declares no security scheme: the import's auth guess is not reported, the base's auth is kept.
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("auth is set to", StringComparison.Ordinal));
        AssertCompiles("github", result);
    }

    [Fact]
    public async Task GitHub_widened_with_repos_star_keeps_the_curated_operations_it_matches_and_compiles()
    {
        // 'repos/*' also matches the paths of issues/create and issues/list-for-repo (repos/{owner}/{repo}/issues):
        // the base's curated entries stay as they are, the spec's versions of them are left out with a warning.
        var (baseRoot, widened, result) = await WidenAsync("github", "github/api.github.com.json", "repos/*");

        AssertKeepsBase(baseRoot, widened);
        List<string> ids = Ids(widened);
        Assert.Equal(["users/get-authenticated", "issues/create", "issues/list-for-repo"], ids.Take(3));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(JsonNode.DeepEquals(baseRoot["operations"]![i], widened["operations"]![i]));
        }

        Assert.Contains("repos/get", ids);
        Assert.Contains("repos/create-for-authenticated-user", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Count, result.OperationCount);
        foreach (string kept in new[] { "issues/create", "issues/list-for-repo" })
        {
            Assert.Contains(result.Warnings, w => w.File == Catalog("github") && w.Message == $"the base description already has '{kept}'; its curated entry is kept and the imported one left out");
        }

        AssertCompiles("github", result);
    }

    [Fact]
    public async Task Imported_paths_are_made_relative_to_the_base_descriptions_base_URL()
    {
        // Notion's document: server https://api.notion.com, paths /v1/...; the catalog's base URL is https://api.notion.com/v1/.
        (_, JsonObject widened, ImportResult result) = await WidenAsync("notion", "notion/notion-openapi.json", "retrieve-a-block");

        JsonObject block = widened["operations"]!.AsArray().OfType<JsonObject>().Single(o => (string?)o["id"] == "retrieve-a-block");
        Assert.Equal("blocks/{block_id}", (string?)block["path"]);
        Assert.Equal("https://api.notion.com/v1/", (string?)widened["api"]!["baseUrl"]);
        AssertCompiles("notion", result);
    }

    [Fact]
    public async Task Gmail_widened_with_a_Discovery_method_keeps_the_curated_entry_and_adds_it()
    {
        var (baseRoot, widened, result) = await WidenAsync("gmail", "google/gmail__v1.json", "gmail.users.labels.get");

        AssertKeepsBase(baseRoot, widened);
        List<string> ids = Ids(widened);
        Assert.Equal([.. Ids(baseRoot), "gmail.users.labels.get"], ids);
        JsonNode added = widened["operations"]![ids.Count - 1]!;
        Assert.Equal("users/{userId}/labels/{id}", added["path"]!.GetValue<string>());
        Assert.Equal("labels", added["group"]!.GetValue<string>());
        Assert.Equal("get", added["name"]!.GetValue<string>());
        AssertCompiles("gmail", result);
    }

    [Fact]
    public async Task An_imported_schema_that_differs_from_the_base_one_of_that_name_is_renamed_and_referenced()
    {
        // A base whose schema 'Label' differs from the one the import produces (an extra property).
        (JsonObject gmail, _, _) = await WidenAsync("gmail", "google/gmail__v1.json", "gmail.users.labels.get");
        gmail["schemas"]!["Label"]!["properties"]!["curated"] = new JsonObject { ["type"] = "string" };
        Directory.CreateDirectory(_out);
        string baseFile = Path.Combine(_out, "gmail.provider.json");
        await File.WriteAllTextAsync(baseFile, gmail.ToJsonString());

        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Spec("google/gmail__v1.json"), new ImportOptions { Id = "gmail", Include = ["gmail.users.labels.get"], Base = baseFile });

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        JsonObject widened = Parse(result.DescriptionJson!);
        Assert.True(JsonNode.DeepEquals(gmail["schemas"]!["Label"], widened["schemas"]!["Label"]));
        Assert.NotNull(widened["schemas"]!["Label2"]);
        Assert.Null(widened["schemas"]!["Label2"]!["properties"]!["curated"]);
        Assert.Equal("#/schemas/Label2", widened["operations"]!.AsArray().Last()!["response"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Contains(result.Warnings, w => w.Message == "the base description has a different schema 'Label'; the imported one is named 'Label2'");
        AssertCompiles("gmail", result);
    }

    [Fact]
    public async Task An_imported_operation_that_maps_to_a_base_operations_CSharp_method_gets_a_numbered_name()
    {
        // A base operation with another id named Repos.Get (group + name): the imported repos/get would clash with it.
        JsonObject github = Parse(File.ReadAllText(Catalog("github")));
        JsonObject mine = github["operations"]![0]!.AsObject();
        mine["id"] = "my/repo";
        mine["group"] = "repos";
        mine["name"] = "get";
        Directory.CreateDirectory(_out);
        string baseFile = Path.Combine(_out, "github.provider.json");
        await File.WriteAllTextAsync(baseFile, github.ToJsonString());

        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Spec("github/api.github.com.json"), new ImportOptions { Id = "github", Include = ["repos/get"], Base = baseFile });

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        JsonNode added = Parse(result.DescriptionJson!)["operations"]!.AsArray().Last()!;
        Assert.Equal("repos/get", added["id"]!.GetValue<string>());
        Assert.Equal("Get2", added["name"]!.GetValue<string>());
        Assert.Contains(result.Warnings, w => w.Message == "'repos/get' maps to the same C# method as an operation of the base description (Repos.Get); it is named Get2");
        AssertCompiles("github", result);
    }

    private async Task<(int ExitCode, string Error, string OutFile)> Alter(params string[] args)
    {
        string outFile = Path.Combine(_out, "out", "github.provider.json");
        var error = new StringWriter();
        int exitCode = await Program.CreateRootCommand()
            .Parse([.. args, "--out", outFile])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exitCode, error.ToString(), outFile);
    }

    [Fact]
    public async Task The_command_writes_the_widened_description()
    {
        var (exitCode, error, outFile) = await Alter("catalog", "import", Harness.Spec("github/api.github.com.json"), "--id", "github", "--include", "repos/get", "--base", Catalog("github"));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("error", error, StringComparison.Ordinal);
        JsonObject widened = Parse(File.ReadAllText(outFile));
        Assert.Equal("GitHub", widened["name"]!.GetValue<string>());
        Assert.Equal(["users/get-authenticated", "issues/create", "issues/list-for-repo", "repos/get"], Ids(widened));
    }

    [Fact]
    public async Task A_base_with_another_id_is_an_error()
    {
        var (exitCode, error, outFile) = await Alter("catalog", "import", Harness.Spec("github/api.github.com.json"), "--id", "gitlab", "--include", "repos/get", "--base", Catalog("github"));

        Assert.Equal(1, exitCode);
        Assert.Contains(Catalog("github") + ": error at #/id: the base description is 'github', not 'gitlab': --id must be the base's id", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was written.", error, StringComparison.Ordinal);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public async Task A_missing_base_is_an_error()
    {
        string missing = Path.Combine(_out, "nope.provider.json");
        var (exitCode, error, outFile) = await Alter("catalog", "import", Harness.Spec("github/api.github.com.json"), "--id", "github", "--base", missing);

        Assert.Equal(1, exitCode);
        Assert.Contains(missing + ": error at #: the base description does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public async Task A_base_that_is_not_JSON_is_an_error_with_line_and_column()
    {
        Directory.CreateDirectory(_out);
        string bad = Path.Combine(_out, "github.provider.json");
        await File.WriteAllTextAsync(bad, "{\n  \"id\": \"github\",\n  oops\n}\n");
        var (exitCode, error, outFile) = await Alter("catalog", "import", Harness.Spec("github/api.github.com.json"), "--id", "github", "--base", bad);

        Assert.Equal(1, exitCode);
        Assert.Contains(bad + "(3,3): error at #: the base description is not JSON: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("error", StringComparison.Ordinal));
        Assert.False(File.Exists(outFile));
    }
}
