using System.Security.Cryptography;
using System.Text;
using Alter.Typed.Vault;
using Xunit;

namespace Alter.Typed.Tests;

public sealed class VaultTests
{
    [Fact]
    public void Sealed_tokens_open_only_with_the_same_key_and_row()
    {
        var cipher = new TokenCipher(RandomNumberGenerator.GetBytes(32));
        var sealedBytes = cipher.Seal("xoxb-secret"u8, "alter-token:grant_a");

        Assert.Equal("xoxb-secret", Encoding.UTF8.GetString(cipher.Open(sealedBytes, "alter-token:grant_a")));
        Assert.Throws<AlterException>(() => cipher.Open(sealedBytes, "alter-token:grant_b"));                  // moved to another row
        Assert.Throws<AlterException>(() => new TokenCipher(RandomNumberGenerator.GetBytes(32)).Open(sealedBytes, "alter-token:grant_a"));
        sealedBytes[^1] ^= 1;
        Assert.Throws<AlterException>(() => cipher.Open(sealedBytes, "alter-token:grant_a"));                  // tampered
    }

    [Fact]
    public void Key_file_is_created_once_with_owner_only_permissions()
    {
        var home = Path.Combine(Path.GetTempPath(), "alter-home-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new AlterOptions { HomeDirectory = home };
            var first = VaultKey.Resolve(options);
            var second = VaultKey.Resolve(options);

            Assert.Equal(32, first.Length);
            Assert.Equal(first, second);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, "vault.key")));
        }
        finally { Directory.Delete(home, true); }
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<AlterException>(() => VaultKey.Resolve(new AlterOptions { VaultKey = new byte[16] }));
        Assert.Contains("32 bytes", error.Message);
    }
}
