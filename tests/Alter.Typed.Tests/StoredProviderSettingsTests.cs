using System.Text;
using Alter.Sandbox;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Provider settings kept in the store (what `alter providers configure` writes) are used by apps; the secret is sealed and write-only.</summary>
public sealed class StoredProviderSettingsTests
{
    [Fact]
    public async Task An_app_connects_with_settings_stored_for_it_and_the_secret_never_comes_back_out()
    {
        await using var world = await TestWorld.StartAsync();
        var slack = world.Sandbox.Provider("slack");
        var admin = AlterAdmin.Open(world.Options);
        admin.ConfigureProvider("tests", "slack", new ProviderSettings
        {
            ClientId = slack.ClientId, ClientSecret = slack.ClientSecret,
            AuthorizationUrl = slack.AuthorizationUrl, TokenUrl = slack.TokenUrl, ApiBaseUrl = slack.ApiBaseUrl, AllowedHosts = [slack.Authority],
        });
        var options = new AlterOptions { DatabasePath = world.Options.DatabasePath, VaultKey = world.Options.VaultKey, OpenBrowser = SandboxBrowser.OpenAsync };

        await using (var app = new App(world.ApiKey, options))   // nothing about Slack in code
        {
            await app.Connect(["slack"]);
            Assert.True((await app.Slack.Auth.Test()).Ok);
        }

        var listed = Assert.Single(admin.ListProviderSettings("tests"));
        Assert.Equal((slack.ClientId, true, null), (listed.ClientId, listed.HasClientSecret, listed.Overrides.ClientSecret));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(world.Directory, "alter.db*"))
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(slack.ClientSecret)) < 0, "the client secret is stored in plaintext");
    }
}
