using System.Diagnostics;
using Xunit.Abstractions;

namespace Alter.Typed.PackageTests;

/// <summary>
/// A newcomer's path from the packages (acceptance 1): a fresh console project in a temporary folder outside the repository
/// (none of its Directory.*.props apply), AlterTyped and AlterTyped.Sandbox added from the packed folder plus the machine's
/// usual NuGet sources, the README's quickstart pasted as Program.cs, built with warnings as errors, run against the sandbox.
/// </summary>
[Collection(PackedPackages.Collection)]
[Trait("Category", "Package")]
public sealed class FreshProjectTests(PackedPackages packages, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "alter-fresh-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task A_fresh_console_project_runs_the_README_quickstart_from_the_packages()
    {
        var total = Stopwatch.StartNew();
        var project = CreateRoot("MyApp");
        var step = Stopwatch.StartNew();
        await Repo.Dotnet(_root, null, StepTimeout, "new", "console", "-o", "MyApp");
        output.WriteLine($"dotnet new console: {step.Elapsed.TotalSeconds:0.0} s");
        var csproj = Path.Combine(project, "MyApp.csproj");
        Assert.True(File.Exists(csproj), "dotnet new console made no MyApp.csproj");

        WriteNuGetConfig(project);
        step.Restart();
        await Repo.Dotnet(project, null, StepTimeout, "add", "package", "AlterTyped", "--version", packages.Version);
        await Repo.Dotnet(project, null, StepTimeout, "add", "package", "AlterTyped.Sandbox", "--version", packages.Version);
        output.WriteLine($"dotnet add package x2: {step.Elapsed.TotalSeconds:0.0} s");

        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace(
            "</PropertyGroup>", "  <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n  </PropertyGroup>", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(project, "Program.cs"), Repo.ReadmeQuickstart());

        step.Restart();
        var build = await Repo.Dotnet(project, null, StepTimeout, "build", "-nologo", "-tl:off", "-clp:Summary");
        output.WriteLine($"dotnet build: {step.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains(" 0 Warning(s)", build, StringComparison.Ordinal);
        Assert.Contains(" 0 Error(s)", build, StringComparison.Ordinal);

        step.Restart();
        var home = Path.Combine(_root, "alter-home");
        var run = await Repo.Dotnet(project, new Dictionary<string, string?> { ["ALTER_HOME"] = home }, StepTimeout, "run", "--no-build");
        output.WriteLine($"dotnet run: {step.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(run);
        Assert.Contains("Sandbox: Slack emulated at http://127.0.0.1:", run, StringComparison.Ordinal);
        Assert.Contains("Connected Slack: grant grant_", run, StringComparison.Ordinal);
        Assert.Contains("Slack answered: ok: true, channel: C0GENERAL, ts: ", run, StringComparison.Ordinal);
        Assert.Contains("Audit row:", run, StringComparison.Ordinal);
        Assert.Matches(@"provider:\s+slack", run);
        Assert.Matches(@"operation:\s+chat\.postMessage", run);
        Assert.Matches(@"status:\s+200 \(ok\)", run);
        Assert.True(File.Exists(Path.Combine(home, "quickstart-sandbox.db")), "the quickstart did not keep its sandbox store under ALTER_HOME");
        output.WriteLine($"fresh project, total (packing excluded; packing took {packages.PackTime.TotalSeconds:0.0} s): {total.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Any_operation_of_the_whole_API_is_one_glob_away_and_runs_against_the_sandbox()
    {
        // Issue 14, acceptance 5: the README's csproj lines and program, pasted into a fresh project; no import step.
        var project = CreateRoot("FirstCalls");
        WriteNuGetConfig(project);
        File.WriteAllText(Path.Combine(project, "Program.cs"), Repo.ReadmeBlock("first-calls", "csharp"));
        WriteProject(project, "FirstCalls", $"""<PackageReference Include="AlterTyped.Sandbox" Version="{packages.Version}" />""" + "\n" + Repo.ReadmeBlock("first-calls-csproj", "xml"));

        var step = Stopwatch.StartNew();
        var build = await Repo.Dotnet(project, null, StepTimeout, "build", "-nologo", "-tl:off", "-clp:Summary");
        output.WriteLine($"dotnet build (slack users.*, github repos/list-for-*): {step.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains(" 0 Warning(s)", build, StringComparison.Ordinal);

        var run = await Repo.Dotnet(project, new Dictionary<string, string?> { ["ALTER_HOME"] = Path.Combine(_root, "alter-home") }, StepTimeout, "run", "--no-build");
        output.WriteLine(run);
        Assert.Contains("Slack users.list: ok: True, 5 members, first: slackbot", run, StringComparison.Ordinal);
        Assert.Contains("GitHub GET /user/repos: monalisa/octo-notes, octo-sandbox/dotfiles, octo-sandbox/hello-world", run, StringComparison.Ordinal);

        // Only what was selected was generated: users.* of Slack (not chat.postMessage, the default set's).
        var generated = Path.Combine(project, "obj", "Debug", "net10.0", "generated", "Alter.Typed.Generator", "Alter.Typed.Generator.ProviderGenerator");
        Assert.DoesNotContain("PostMessage(", File.ReadAllText(Path.Combine(generated, "Slack.g.cs")), StringComparison.Ordinal);
        Assert.DoesNotContain("ListForRepo(", File.ReadAllText(Path.Combine(generated, "GitHub.g.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlterProvider_items_choose_providers_and_pass_operations_to_the_generator()
    {
        var project = CreateRoot("Chosen");
        WriteNuGetConfig(project);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Alter.Typed;

            Func<App, Alter.Typed.Slack.SlackClient> slack = app => app.Slack;
            Console.WriteLine(slack.Method.Name);
            """);
        // Two globs, as the README writes them (';'): both must reach the generator.
        WriteProject(project, "Chosen", """<AlterProvider Include="Slack" Operations="chat.*;users.list" />""");
        var step = Stopwatch.StartNew();
        await Repo.Dotnet(project, null, StepTimeout, "build", "-nologo", "-tl:off");
        output.WriteLine($"build with <AlterProvider Include=\"Slack\" Operations=\"chat.*;users.list\" />: {step.Elapsed.TotalSeconds:0.0} s");

        var generated = Path.Combine(project, "obj", "Debug", "net10.0", "generated", "Alter.Typed.Generator", "Alter.Typed.Generator.ProviderGenerator");
        Assert.True(File.Exists(Path.Combine(generated, "Slack.g.cs")), "Slack.g.cs was not generated");
        Assert.False(File.Exists(Path.Combine(generated, "GitHub.g.cs")), "GitHub.g.cs was generated although only Slack was asked for");
        // The generator honours the selection: chat.* and users.list only.
        var slack = File.ReadAllText(Path.Combine(generated, "Slack.g.cs"));
        Assert.Contains("class SlackChatOperations", slack, StringComparison.Ordinal);
        Assert.Contains("\"users.list\"", slack, StringComparison.Ordinal);
        Assert.DoesNotContain("class SlackConversationsOperations", slack, StringComparison.Ordinal);
        var editorConfig = File.ReadAllText(Path.Combine(project, "obj", "Debug", "net10.0", "Chosen.GeneratedMSBuildEditorConfig.editorconfig"));
        Assert.Contains("slack.provider.json]", editorConfig, StringComparison.Ordinal);
        Assert.Contains("build_metadata.AdditionalFiles.AlterOperations = chat.*,users.list", editorConfig, StringComparison.Ordinal);
        Assert.DoesNotContain("github.provider.json", editorConfig, StringComparison.Ordinal);

        // A plain app reads the models by reflection; one that can lose reflection gets the generated JSON metadata.
        Assert.Contains("JsonTypeInfoResolver = global::Alter.Typed.Generated.JsonMetadata.ReflectionBased,", slack, StringComparison.Ordinal);
        Assert.DoesNotContain("private sealed class JsonMetadata", slack, StringComparison.Ordinal);
        await Repo.Dotnet(project, null, StepTimeout, "build", "-nologo", "-tl:off", "-p:IsAotCompatible=true");
        slack = File.ReadAllText(Path.Combine(generated, "Slack.g.cs"));
        Assert.Contains("private sealed class JsonMetadata : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver", slack, StringComparison.Ordinal);
        Assert.Contains("build_property.EnableAotAnalyzer = true", File.ReadAllText(Path.Combine(project, "obj", "Debug", "net10.0", "Chosen.GeneratedMSBuildEditorConfig.editorconfig")), StringComparison.Ordinal);

        // A misspelled provider fails the build with a message that names the catalog.
        WriteProject(project, "Chosen", """<AlterProvider Include="slak" />""");
        var (exitCode, text) = await Repo.Run(project, null, StepTimeout, "build", "-nologo", "-tl:off");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error ALTERPKG001: AlterProvider 'slak' is not in the AlterTyped catalog (", text, StringComparison.Ordinal);
        Assert.Matches(@"catalog \([^)]*\bslack\b[^)]*\)", text);
    }

    [Fact]
    public async Task A_widened_description_of_your_own_replaces_the_catalog_entry_of_that_id()
    {
        // What `alter catalog import --base` produces: the catalog's github with one more operation.
        var project = CreateRoot("Widened");
        WriteNuGetConfig(project);
        var widened = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo.PathOf("providers", "github", "github.curated.json")) /* the curated entry: the catalog one already has repos/get */)!.AsObject();
        widened.Remove("$schema");
        widened["operations"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""
            { "id": "repos/get", "method": "GET", "path": "repos/{owner}/{repo}", "summary": "Get a repository", "group": "repos", "name": "get",
              "parameters": [ { "name": "owner", "in": "path", "required": true, "schema": { "type": "string" } },
                              { "name": "repo", "in": "path", "required": true, "schema": { "type": "string" } } ],
              "response": { "schema": { "type": "object", "properties": { "full_name": { "type": "string" } } } } }
            """));
        File.WriteAllText(Path.Combine(project, "github.provider.json"), widened.ToJsonString());
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Alter.Typed;

            Func<App, Task> calls = async app =>
            {
                await app.GitHub.Repos.Get("octo", "hello");          // added by the widened description
                await app.GitHub.Issues.ListForRepo("octo", "hello"); // the curated ones are still there
            };
            Console.WriteLine(calls.Method.Name);
            """);
        WriteProject(project, "Widened", """<AlterProvider Include="github" /><AdditionalFiles Include="github.provider.json" />""");

        await Repo.Dotnet(project, null, StepTimeout, "build", "-nologo", "-tl:off");

        var editorConfig = File.ReadAllText(Path.Combine(project, "obj", "Debug", "net10.0", "Widened.GeneratedMSBuildEditorConfig.editorconfig"));
        var descriptions = editorConfig.Split('\n').Where(l => l.EndsWith("provider.json]", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(descriptions); // the catalog's github.provider.json is not fed to the generator
        Assert.StartsWith("[" + Path.Combine(project, "github.provider.json").Replace('\\', '/'), only, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_that_gets_AlterTyped_through_a_library_uses_the_library_App_instead_of_generating_a_clashing_one()
    {
        // The library references AlterTyped and owns App; the app (think: a web app's test project) only references the library.
        var library = CreateRoot("Lib");
        WriteNuGetConfig(_root);
        System.IO.Directory.CreateDirectory(library);
        File.WriteAllText(Path.Combine(library, "Lib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AlterTyped" Version="{packages.Version}" />
                <AlterProvider Include="slack" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(library, "Notifier.cs"), """
            namespace Lib;

            public sealed class Notifier(Alter.Typed.Slack.SlackClient slack)
            {
                public Alter.Typed.Slack.SlackClient Slack { get; } = slack;
            }
            """);
        var app = Path.Combine(_root, "ConsumerApp");
        System.IO.Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "ConsumerApp.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib/Lib.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;

            var services = new ServiceCollection();
            services.AddAlter();                       // the library's, with the library's App and SlackClient
            services.AddSingleton<Lib.Notifier>();
            Console.WriteLine(typeof(Alter.Typed.App).Assembly.GetName().Name);
            Console.WriteLine(services.Any(d => d.ServiceType == typeof(Alter.Typed.Slack.SlackClient)));
            """);

        var step = Stopwatch.StartNew();
        await Repo.Dotnet(app, null, StepTimeout, "build", "-nologo", "-tl:off");
        output.WriteLine($"build of a library with AlterTyped and an app over it: {step.Elapsed.TotalSeconds:0.0} s");
        var run = await Repo.Dotnet(app, null, StepTimeout, "run", "--no-build");
        Assert.Equal(["Lib", "True"], run.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.True(System.IO.Directory.Exists(Path.Combine(app, "obj", "Debug", "net10.0", "generated")), "EmitCompilerGeneratedFiles wrote nothing");
        Assert.False(System.IO.Directory.Exists(Path.Combine(app, "obj", "Debug", "net10.0", "generated", "Alter.Typed.Generator")), "the app generated an App of its own");
    }

    private string CreateRoot(string name)
    {
        // Outside the repository, and under no Directory.Build.props / Directory.Packages.props at all.
        Assert.False(Path.GetFullPath(_root).StartsWith(Repo.Root, StringComparison.Ordinal), $"{_root} is inside the repository");
        for (var dir = new DirectoryInfo(Path.GetTempPath()); dir is not null; dir = dir.Parent)
            foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                Assert.False(File.Exists(Path.Combine(dir.FullName, file)), $"{Path.Combine(dir.FullName, file)} would apply to the fresh project");
        var project = Path.Combine(_root, name);
        System.IO.Directory.CreateDirectory(_root);
        return project;
    }

    /// <summary>
    /// The packed folder as one more source; no &lt;clear/&gt;, so the user's and the machine's NuGet configuration (and
    /// their default source) still apply, as they would for anyone adding a local feed.
    /// </summary>
    private void WriteNuGetConfig(string project)
    {
        System.IO.Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="alter-local" value="{packages.Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    private void WriteProject(string project, string name, string items)
        => File.WriteAllText(Path.Combine(project, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AlterTyped" Version="{packages.Version}" />
                {items}
              </ItemGroup>
            </Project>
            """);

    public void Dispose() => PackedPackages.TryDelete(_root);
}
