namespace Alter.Tests.Shared;

/// <summary>Where the repository is, found from the test's output folder upwards.</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            // AlterTyped.sln; or the root's Directory.Build.props beside providers/ (a copy of the tree without the sln).
            if (File.Exists(Path.Combine(dir.FullName, "AlterTyped.sln"))
                || (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "providers"))))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (AlterTyped.sln or Directory.Build.props with providers/) above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository's root folder (the one holding <c>AlterTyped.sln</c>).</summary>
    public static string Root => s_root.Value;
}
