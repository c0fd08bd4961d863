using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Alter.Typed.PackageTests;

/// <summary>The packed packages hold what a consumer needs and nothing else (acceptance 2).</summary>
[Collection(PackedPackages.Collection)]
[Trait("Category", "Package")]
public sealed class PackageLayoutTests(PackedPackages packages)
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";

    [Fact]
    public void AlterTyped_has_the_runtime_the_analyzer_with_its_closure_the_catalog_and_the_targets()
    {
        using var zip = ZipFile.OpenRead(packages.RuntimePackage);
        var entries = zip.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("lib/net10.0/Alter.Typed.dll", entries);
        Assert.Contains("lib/net10.0/Alter.Typed.xml", entries);
        Assert.Contains("README.md", entries);

        // The generator only as an analyzer, and only for C#: nothing else in analyzers/, nowhere else in the package.
        Assert.Contains(AnalyzerFolder + "Alter.Typed.Generator.dll", entries);
        Assert.All(entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)), e => Assert.StartsWith(AnalyzerFolder, e, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith("Alter.Typed.Generator.dll", StringComparison.Ordinal) && !e.StartsWith(AnalyzerFolder, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith(AnalyzerFolder + "Microsoft.CodeAnalysis", StringComparison.Ordinal));

        // Its dependency closure: every assembly an analyzer references is beside it, or is one the compiler provides.
        var analyzers = entries.Where(e => e.StartsWith(AnalyzerFolder, StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        var beside = analyzers.Select(e => Path.GetFileNameWithoutExtension(e)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var analyzer in analyzers)
        {
            foreach (var reference in AssemblyReferences(zip.GetEntry(analyzer)!))
            {
                Assert.True(
                    beside.Contains(reference) || reference is "netstandard" or "mscorlib"
                    || reference.StartsWith("System.", StringComparison.Ordinal) || reference.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal),
                    $"{analyzer} references {reference}, which is neither in {AnalyzerFolder} nor provided by the compiler");
            }
        }

        // The catalog: each description of the repository, byte for byte, and the schema.
        var catalog = System.IO.Directory.GetFiles(Repo.PathOf("providers"), "*.provider.json", SearchOption.AllDirectories);
        Assert.NotEmpty(catalog);
        foreach (var file in catalog)
        {
            var id = Path.GetFileName(Path.GetDirectoryName(file))!;
            var entry = zip.GetEntry($"catalog/{id}/{Path.GetFileName(file)}");
            Assert.True(entry is not null, $"catalog/{id}/{Path.GetFileName(file)} is missing");
            using var reader = new StreamReader(entry.Open());
            Assert.Equal(File.ReadAllText(file), reader.ReadToEnd());
        }
        Assert.Contains("catalog/provider.schema.json", entries);

        // The targets that feed the catalog to the generator, for direct and transitive references.
        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            Assert.Contains($"{folder}/AlterTyped.props", entries);
            Assert.Contains($"{folder}/AlterTyped.targets", entries);
        }
        using (var targets = new StreamReader(zip.GetEntry("buildTransitive/AlterTyped.targets")!.Open()))
        {
            var text = targets.ReadToEnd();
            Assert.Contains("AdditionalFiles", text, StringComparison.Ordinal);
            Assert.Contains("AlterProvider", text, StringComparison.Ordinal);
        }

        AssertNoTestAssets(entries);
        Assert.DoesNotContain(entries, e => e.Contains("Sandbox", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_analyzer_carries_ReadyToRun_code_for_linux_x64_beside_its_whole_IL()
    {
        // generator/Alter.Typed.Generator/ReadyToRun.targets: packed on linux-x64, the generator is also compiled ahead of time
        // for it (a compiler process there skips its JIT); its IL and metadata stay whole, for every other platform.
        using var zip = ZipFile.OpenRead(packages.RuntimePackage);
        using var stream = new MemoryStream();
        using (var source = zip.GetEntry(AnalyzerFolder + "Alter.Typed.Generator.dll")!.Open()) source.CopyTo(stream);
        stream.Position = 0;
        using var pe = new PEReader(stream);

        bool linuxX64 = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64;
        Assert.Equal(linuxX64, pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0);
        MetadataReader reader = pe.GetMetadataReader();
        TypeDefinition generator = reader.TypeDefinitions.Select(reader.GetTypeDefinition).Single(t => reader.GetString(t.Name) == "ProviderGenerator");
        Assert.All(generator.GetMethods().Select(reader.GetMethodDefinition), method => Assert.NotEqual(0, method.RelativeVirtualAddress));
        Assert.NotEmpty(generator.GetMethods());
    }

    [Fact]
    public void AlterTyped_nuspec_names_the_package_and_sane_dependencies()
    {
        var metadata = Nuspec(packages.RuntimePackage);
        Assert.Equal("AlterTyped", Value(metadata, "id"));
        Assert.Equal(packages.Version, Value(metadata, "version"));
        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));

        var dependencies = Dependencies(metadata);
        foreach (var expected in new[]
                 {
                     "Microsoft.Data.Sqlite", "Duende.IdentityModel", "Microsoft.Extensions.Http.Resilience",
                     "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.DependencyInjection.Abstractions",
                     "Microsoft.Extensions.Http", "Microsoft.Extensions.Options.ConfigurationExtensions",
                 })
        {
            Assert.Contains(expected, dependencies);
        }

        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.DoesNotContain("Refit", dependencies); // responses go through System.Text.Json with the provider's options
        Assert.DoesNotContain(dependencies, d => d.Contains("Generator", StringComparison.Ordinal) || d.Contains("Sandbox", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, d => d.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) || d.Contains("Test", StringComparison.Ordinal) || d.StartsWith("ApprovalTests", StringComparison.Ordinal));
    }

    [Fact]
    public void AlterTyped_Sandbox_is_the_emulator_alone()
    {
        using var zip = ZipFile.OpenRead(packages.SandboxPackage);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/Alter.Sandbox.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) || e.StartsWith("build", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith("Alter.Typed.dll", StringComparison.Ordinal));
        AssertNoTestAssets(entries);

        var metadata = Nuspec(packages.SandboxPackage);
        Assert.Equal("AlterTyped.Sandbox", Value(metadata, "id"));
        Assert.Equal(packages.Version, Value(metadata, "version"));
        Assert.Contains(metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference"), e => (string?)e.Attribute("name") == "Microsoft.AspNetCore.App");
        Assert.Empty(Dependencies(metadata));
    }

    private static void AssertNoTestAssets(IReadOnlyList<string> entries)
    {
        Assert.DoesNotContain(entries, e => e.Contains("Tests", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.Contains("xunit", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.Contains("approved", StringComparison.OrdinalIgnoreCase) || e.Contains("received", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.EndsWith(".pdb", StringComparison.Ordinal) || e.EndsWith(".deps.json", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("benchmarks", StringComparison.OrdinalIgnoreCase) || e.StartsWith("samples", StringComparison.OrdinalIgnoreCase) || e.StartsWith("tests", StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> AssemblyReferences(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var source = entry.Open()) source.CopyTo(stream);
        stream.Position = 0;
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return [.. reader.AssemblyReferences.Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name))];
    }

    private static XElement Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name)
        => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static List<string> Dependencies(XElement metadata)
        => [.. metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!)];
}
