using System.Diagnostics;

namespace Alter.Typed.PackageTests;

/// <summary>
/// Packs AlterTyped and AlterTyped.Sandbox once for the collection, into a temporary folder, with a version of their own
/// (<c>0.1.0-test.&lt;time&gt;.&lt;pid&gt;</c>) so that no package cached by an earlier run can stand in for them. Builds under
/// a temporary artifacts path: the repository's bin/ and obj/ are left alone. On dispose, deletes the folder and the
/// two packages from the NuGet global packages folder.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    public const string Collection = "Packed packages";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "alter-packages-" + Guid.NewGuid().ToString("N")[..12]);

    public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public string Feed => Path.Combine(Directory, "feed");

    public string RuntimePackage => Path.Combine(Feed, $"AlterTyped.{Version}.nupkg");

    public string SandboxPackage => Path.Combine(Feed, $"AlterTyped.Sandbox.{Version}.nupkg");

    /// <summary>How long packing took.</summary>
    public TimeSpan PackTime { get; private set; }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Feed);
        var started = Stopwatch.StartNew();
        var artifacts = Path.Combine(Directory, "artifacts");
        // Two independent projects (the sandbox does not reference the runtime): pack them side by side.
        await Task.WhenAll(
            Pack(Repo.PathOf("runtime", "Alter.Typed", "Alter.Typed.csproj"), artifacts),
            Pack(Repo.PathOf("sandbox", "Alter.Sandbox", "Alter.Sandbox.csproj"), artifacts));
        PackTime = started.Elapsed;
        Assert.True(File.Exists(RuntimePackage), "missing " + RuntimePackage);
        Assert.True(File.Exists(SandboxPackage), "missing " + SandboxPackage);
    }

    private Task<string> Pack(string project, string artifacts)
        => Repo.Dotnet(Repo.Root, null, TimeSpan.FromMinutes(5),
            "pack", project, "-c", "Release", "-o", Feed, "--artifacts-path", artifacts, $"-p:Version={Version}", "-nologo");

    public Task DisposeAsync()
    {
        TryDelete(Directory);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "altertyped", "altertyped.sandbox" })
        {
            TryDelete(Path.Combine(globalPackages, id, Version.ToLowerInvariant()));
            try { System.IO.Directory.Delete(Path.Combine(globalPackages, id)); }   // only when no other version is there
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }

    internal static void TryDelete(string path)
    {
        try { if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(PackedPackages.Collection)]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackages>;
