using System.Diagnostics;
using System.Globalization;

namespace Alter.Generator.Benchmarks;

/// <summary>The <c>build</c> and <c>catalog</c> modes: <c>dotnet build</c> of two console projects, alternated.</summary>
public static partial class Program
{
    private static void Build(string description, int runs)
    {
        int operations = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(description))!["operations"]!.AsArray().Count;
        string Items(string selection) => $"""
            <AdditionalFiles Include="{description}" AlterOperations="{selection}" />
            <CompilerVisibleItemMetadata Include="AdditionalFiles" MetadataName="AlterOperations" />
            <CompilerVisibleProperty Include="AlterJsonMetadata" />
            """;
        var (all, none) = BuildPair("github", Items("*"), Items("no-operation-matches-this"), runs);
        Console.WriteLine($"dotnet build, GitHub with {operations} operations selected ({runs} runs, Program.cs edited before each): median {Median(all):F2} s, min {all.Min():F2}, max {all.Max():F2}");
        Console.WriteLine($"dotnet build, GitHub with no operation selected: median {Median(none):F2} s, min {none.Min():F2}, max {none.Max():F2}");
        double cost = Median(all) - Median(none);
        double costMin = all.Min() - none.Min();
        Console.WriteLine($"build cost of {operations} operations: {cost:F2} s by medians ({cost / operations * 100:F2} s per 100 operations); {costMin:F2} s by minimums ({costMin / operations * 100:F2} s per 100)");
    }

    /// <summary>
    /// The whole catalog as a consumer gets it (every description, each provider's curated default operations) against
    /// a project with no provider at all; both build with warnings as errors, so a warning fails the benchmark.
    /// </summary>
    private static void CatalogBuild(int runs, string? catalogDirectory)
    {
        string catalog = Path.GetFullPath(catalogDirectory ?? Path.Combine(RepoRoot(), "providers"));
        var descriptions = Directory.GetFiles(catalog, "*.provider.json", SearchOption.AllDirectories);
        int typed = 0, operations = 0, defaults = 0;
        long bytes = 0;
        foreach (string file in descriptions)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
            int count = json["operations"]?.AsArray().Count ?? 0;
            typed += count > 0 ? 1 : 0;
            operations += count;
            defaults += json["defaultOperations"]?.AsArray().Count ?? count; // catalog entries list curated ids there
            bytes += new FileInfo(file).Length;
        }

        Console.WriteLine($"catalog {catalog}: {descriptions.Length} descriptions, {bytes / 1024} KB, {operations} operations, {defaults} in the default sets");

        string items = $"""
            <AdditionalFiles Include="{catalog}/*/*.provider.json" />
            <CompilerVisibleItemMetadata Include="AdditionalFiles" MetadataName="AlterOperations" />
            <CompilerVisibleProperty Include="AlterJsonMetadata" />
            """;
        var (all, none) = BuildPair("catalog", items, "<CompilerVisibleProperty Include=\"AlterJsonMetadata\" />", runs);
        Console.WriteLine($"dotnet build, whole catalog ({descriptions.Length} providers, {typed} typed, {defaults} default operations generated; {runs} runs, Program.cs edited before each): median {Median(all):F2} s, min {all.Min():F2}, max {all.Max():F2}");
        Console.WriteLine($"dotnet build, no provider: median {Median(none):F2} s, min {none.Min():F2}, max {none.Max():F2}");
        Console.WriteLine($"build cost of the catalog: {Median(all) - Median(none):F2} s by medians, {all.Min() - none.Min():F2} s by minimums (issue 14: no worse than +2 s)");
    }

    /// <summary>Builds two console projects (the given AdditionalFiles items, or none), interleaved, N times each after touching Program.cs.</summary>
    private static (List<double> With, List<double> Without) BuildPair(string label, string withItems, string withoutItems, int runs)
    {
        string root = RepoRoot();
        string work = Path.Combine(Path.GetTempPath(), "alter-generator-bench");
        var projects = new[] { (Name: label + "-with", Items: withItems), (Name: label + "-without", Items: withoutItems) };
        var results = projects.ToDictionary(p => p.Name, _ => new List<double>());
        foreach ((string name, string items) in projects)
        {
            string dir = Path.Combine(work, "console-" + name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "Console.csproj"), $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <AlterJsonMetadata>{{(s_jsonMetadata ? "true" : "false")}}</AlterJsonMetadata>
                    <!-- ALTER009 (the selection matches nothing) is the point of the GitHub "without" project. -->
                    <NoWarn>$(NoWarn);ALTER009</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                {{items}}
                  </ItemGroup>
                  <ItemGroup>
                    <ProjectReference Include="{{root}}/runtime/Alter.Typed/Alter.Typed.csproj" />
                    <ProjectReference Include="{{root}}/generator/Alter.Typed.Generator/Alter.Typed.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), "System.Console.WriteLine(typeof(Alter.Typed.App).Name);\n");
            Dotnet(dir, "build", "-c", "Release", "-nologo", "-v:q"); // restore, build the references, warm the build server
        }

        // Interleaved (with, without, with, ...): a shared machine's load drifts, and both sides should see the same drift.
        for (int i = 0; i < runs; i++)
        {
            foreach ((string name, _) in projects)
            {
                string dir = Path.Combine(work, "console-" + name);
                File.WriteAllText(Path.Combine(dir, "Program.cs"), $"System.Console.WriteLine(typeof(Alter.Typed.App).Name + \"{i}\");\n");
                var sw = Stopwatch.StartNew();
                Dotnet(dir, "build", "-c", "Release", "--no-restore", "-nologo", "-v:q", "-p:BuildProjectReferences=false");
                results[name].Add(sw.Elapsed.TotalSeconds);
            }
        }

        return (results[projects[0].Name], results[projects[1].Name]);
    }

    private static void Dotnet(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed in {dir}:\n{output}");
        }
    }
}
