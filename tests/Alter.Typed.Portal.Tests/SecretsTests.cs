using System.Net;
using System.Text.RegularExpressions;

namespace Alter.Typed.Portal.Tests;

/// <summary>Keys are shown once, on their mint response; no page ever renders a token, a client secret or a key.</summary>
public sealed partial class SecretsTests
{
    [GeneratedRegex("alter_key_(app|agent)_[A-Za-z0-9_]+")]
    private static partial Regex KeyPlaintext();

    [Fact]
    public async Task A_minted_app_key_is_on_its_response_only_then_only_its_id()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var keys = PortalEndpointList.Fill("/apps/{app}/keys", world);

        using var minted = await PortalWorld.PostFormAsync(client, keys, keys, []);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Contains("no-store", minted.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var plaintext = KeyPlaintext().Match(await minted.Content.ReadAsStringAsync()).Value;
        Assert.StartsWith("alter_key_app_", plaintext, StringComparison.Ordinal);
        await using (var opened = new App(plaintext, world.Options))
            Assert.Equal(world.AppInfo.Id, opened.Info.Id);   // the key shown is the key minted

        var later = await client.GetStringAsync(keys);
        Assert.DoesNotContain(plaintext, later, StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyPlaintext(), later);
        var id = Assert.Single(AlterAdmin.Open(world.Options).ListKeys(world.AppInfo.Id), k => k.Id != world.AppKeyId).Id;
        Assert.Contains(id, later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minted_agent_key_is_on_its_response_only_and_revoking_it_stops_it()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var agent = PortalEndpointList.Fill("/apps/{app}/agents/{agent}", world);

        using var minted = await PortalWorld.PostFormAsync(client, agent, agent + "/keys", []);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var plaintext = KeyPlaintext().Match(await minted.Content.ReadAsStringAsync()).Value;
        Assert.StartsWith("alter_key_agent_", plaintext, StringComparison.Ordinal);
        Assert.DoesNotContain(plaintext, await client.GetStringAsync(agent), StringComparison.Ordinal);

        var keyId = world.App.Agents.Show(world.Agent.Id)!.Keys.Single(k => k.Id != world.AgentKeyId).Id;
        using var revoked = await PortalWorld.PostFormAsync(client, agent, $"{agent}/keys/{keyId}/revoke", []);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Throws<ApiKeyException>(() => new App(plaintext, world.Options));
    }

    [Fact]
    public async Task The_client_secret_is_write_only()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var providers = PortalEndpointList.Fill("/apps/{app}/providers", world);
        const string secret = "portal-typed-secret-4f1c2a";
        using var saved = await PortalWorld.PostFormAsync(client, providers, providers, new() { ["provider"] = "github", ["clientId"] = "gh-client", ["clientSecret"] = secret });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = await client.GetStringAsync(providers);
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        Assert.Contains("gh-client", page, StringComparison.Ordinal);
        var github = Assert.Single(AlterAdmin.Open(world.Options).ListProviderSettings(world.AppInfo.Id), p => p.Provider == "github");
        Assert.True(github.HasClientSecret);

        // An empty secret field keeps the stored secret; the client id changes.
        using var again = await PortalWorld.PostFormAsync(client, providers, providers, new() { ["provider"] = "github", ["clientId"] = "gh-client-2", ["clientSecret"] = "" });
        Assert.True(Assert.Single(AlterAdmin.Open(world.Options).ListProviderSettings(world.AppInfo.Id), p => p.Provider == "github") is { ClientId: "gh-client-2", HasClientSecret: true });
    }

    [Fact]
    public async Task No_page_renders_a_token_a_secret_or_a_key()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        // Keys minted in the portal join the planted secrets once their own response is over.
        foreach (var (page, action) in new[] { ("/apps/{app}/keys", "/apps/{app}/keys"), ("/apps/{app}/agents/{agent}", "/apps/{app}/agents/{agent}/keys") })
        {
            using var minted = await PortalWorld.PostFormAsync(client, PortalEndpointList.Fill(page, world), PortalEndpointList.Fill(action, world), []);
            var plaintext = KeyPlaintext().Match(await minted.Content.ReadAsStringAsync()).Value;
            Assert.StartsWith("alter_key_", plaintext, StringComparison.Ordinal);
            world.Secrets.Add(plaintext);
        }

        var pages = PortalEndpointList.Read(world).Where(e => e.Method == "GET" && e.Pattern != "/apps/select")
            .Select(e => PortalEndpointList.Fill(e.Pattern, world))
            .Concat([PortalEndpointList.Fill("/apps/{app}/grants", world) + "?principal=" + Uri.EscapeDataString(PortalWorld.Ada.Key) + "&provider=slack&status=active"])
            .ToList();
        Assert.Contains(pages, p => p.EndsWith("/grants", StringComparison.Ordinal));
        foreach (var page in pages)
        {
            using var response = await client.GetAsync(page);
            Assert.True(response.IsSuccessStatusCode, $"{page} answered {(int)response.StatusCode}.");
            var html = await response.Content.ReadAsStringAsync();
            foreach (var secret in world.Secrets)
                Assert.False(html.Contains(secret, StringComparison.Ordinal), $"{page} shows a planted secret ({secret[..Math.Min(12, secret.Length)]}…).");
            Assert.DoesNotMatch(KeyPlaintext(), html);
        }
        // The grants the pages list are the planted ones: the scan looked at pages that show them.
        Assert.Contains(world.Grant.Id, await client.GetStringAsync(PortalEndpointList.Fill("/apps/{app}/grants", world)), StringComparison.Ordinal);
    }
}
