using Alter.Typed.Vault;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// What another local user (or a backup tool running as one) could read: the store's folder, its SQLite files and the
/// vault key. And what a crash or a careless edit leaves behind in the key file.
/// </summary>
public sealed class StoreFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "alter-files-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_store_folder_is_created_0700_and_its_files_0600()
    {
        if (OperatingSystem.IsWindows()) return;
        var home = Path.Combine(_root, "nested", ".alter");
        var admin = AlterAdmin.Open(new AlterOptions { HomeDirectory = home });
        admin.CreateApp("perm");
        admin.ConfigureProvider("perm", "slack", new ProviderSettings { ClientId = "c", ClientSecret = "s" }); // creates vault.key

        Assert.Equal(StoreFiles.FolderMode, File.GetUnixFileMode(home));
        foreach (var name in new[] { "alter.db", "alter.db-wal", "alter.db-shm", "vault.key" })
        {
            var file = Path.Combine(home, name);
            Assert.True(File.Exists(file), name);
            Assert.Equal(StoreFiles.FileMode, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void A_database_left_readable_by_others_is_tightened_on_open()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(_root);
        var db = Path.Combine(_root, "alter.db");
        AlterAdmin.Open(new AlterOptions { DatabasePath = db }).CreateApp("old");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        const UnixFileMode worldReadable = StoreFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(db, worldReadable);

        Assert.Equal("old", Assert.Single(AlterAdmin.Open(new AlterOptions { DatabasePath = db }).ListApps()).Name);
        Assert.Equal(StoreFiles.FileMode, File.GetUnixFileMode(db));
    }

    [Fact]
    public void A_key_file_left_readable_by_others_is_tightened_when_read()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(_root);
        var keyFile = Path.Combine(_root, "vault.key");
        File.WriteAllText(keyFile, "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=");
        File.SetUnixFileMode(keyFile, StoreFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal(32, VaultKey.Resolve(new AlterOptions { HomeDirectory = _root }).Length);
        Assert.Equal(StoreFiles.FileMode, File.GetUnixFileMode(keyFile));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   \n", "is empty")]
    [InlineData("not base64 at all!", "is not base64")]
    [InlineData("q83vASNFZ4mrze8BI0VniavN7wEjRWeJ", "holds 24 bytes")]   // a half-written key: 32 of its 44 characters
    [InlineData("q83vASNFZ4mrze8BI0VniQ==", "holds 16 bytes")]           // an AES-128 key pasted by hand
    public void A_corrupt_or_half_written_key_file_says_what_to_do_without_echoing_it(string content, string problem)
    {
        Directory.CreateDirectory(_root);
        var keyFile = Path.Combine(_root, "vault.key");
        File.WriteAllText(keyFile, content);

        var error = Assert.Throws<AlterException>(() => VaultKey.Resolve(new AlterOptions { HomeDirectory = _root }));

        Assert.Contains(problem, error.Message);
        Assert.Contains(keyFile, error.Message);
        Assert.Contains("Restore it from your backup", error.Message);
        if (content.Trim().Length > 0) Assert.DoesNotContain(content.Trim(), error.Message);
        Assert.Equal(content, File.ReadAllText(keyFile)); // refused, not replaced: the old tokens may still be recoverable
    }

    [Fact]
    public void Racing_processes_create_one_key_and_leave_no_temporary_file()
    {
        // Many rounds: File.Move without overwrite is check-then-rename on Unix, so a lost race is rare in one round.
        for (var round = 0; round < 10; round++)
        {
            var options = new AlterOptions { HomeDirectory = Path.Combine(_root, "race" + round) };
            var keys = new byte[16][];
            // Threads of their own (the pool on 2 cores would add the 16th only after seconds), released together.
            using var start = new Barrier(keys.Length);
            var threads = Enumerable.Range(0, keys.Length).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                keys[i] = VaultKey.Resolve(options);
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();

            Assert.All(keys, k => Assert.Equal(keys[0], k));
            Assert.Equal(32, keys[0].Length);
            Assert.Equal(["vault.key"], Directory.GetFiles(options.HomeDirectory).Select(Path.GetFileName));
            Assert.Equal(keys[0], Convert.FromBase64String(File.ReadAllText(Path.Combine(options.HomeDirectory, "vault.key"))));
        }
    }

    [Fact]
    public void A_leftover_temporary_file_from_a_crash_is_not_mistaken_for_the_key()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "vault.key.0123abcd.tmp"), "q83vASNFZ4mrze8B"); // a crash mid-write

        var key = VaultKey.Resolve(new AlterOptions { HomeDirectory = _root });

        Assert.Equal(32, key.Length);
        Assert.Equal(key, Convert.FromBase64String(File.ReadAllText(Path.Combine(_root, "vault.key"))));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
