using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Alter.Sandbox;
using Alter.Typed.AspNetCore;
using Alter.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Alter.Typed.Portal.Tests;

/// <summary>
/// The portal and the wallet in headless Chromium, as an operator and two end users would use them (issue 16's acceptance):
/// the operator signs in to <c>alter portal</c> with its admin key, creates an app, mints its key (shown once, then only its
/// id), stores Slack's client settings; the customer's web app starts with that key; Alice and Bob connect Slack through the
/// provider sandbox from their wallets; Alice posts; the operator sees the call in the audit view with its latency,
/// filters by provider, opens the row, revokes Alice's grant; Alice's next call fails. Every page gets a screenshot
/// (artifacts/portal-screenshots/), an axe-core check and a scan for secrets.
/// </summary>
public sealed class BrowserFlowTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-portal-browser-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _secrets = [];
    private SandboxServer _sandbox = null!;
    private AlterOptions _store = null!;
    private AlterPortalServer _portal = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sandbox = await SandboxServer.StartAsync();
        _store = new AlterOptions { DatabasePath = Path.Combine(_directory, "alter.db"), VaultKey = RandomNumberGenerator.GetBytes(32) };
        // The operator's machine knows where the sandbox's Slack is (revocation goes there); the client settings come from the portal.
        _store.Providers["slack"] = WalletHost.SandboxEndpoints(_sandbox);
        _portal = await AlterPortalServer.StartAsync(0, o =>
        {
            o.Alter = _store;
            foreach (var provider in App.Catalog) o.Providers.Add(provider);
        });
        _secrets.Add(_portal.AdminKey);
        _chromium = await Chromium.LaunchAsync();
        Assertions.SetDefaultExpectTimeout(Chromium.Timeout);   // the machine is shared and loaded, as for navigation
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        await _portal.DisposeAsync();
        await _sandbox.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task An_operator_and_two_users_go_from_a_new_app_to_a_revoked_grant_in_the_browser()
    {
        var slack = _sandbox.Provider("slack");
        _secrets.Add(slack.ClientSecret);
        var admin = await _chromium.NewPageAsync();

        // Sign in with this run's admin key.
        await admin.GotoAsync(_portal.Url.AbsoluteUri);
        await admin.WaitForURLAsync("**/signin**");
        await admin.CheckAsync("01-signin", _secrets);
        await admin.FillAsync("#key", _portal.AdminKey);
        await admin.ClickAsync("button:has-text('Sign in')");
        await admin.CheckAsync("02-apps", _secrets);

        // Create the app and mint its key: the plaintext is on that response only.
        await admin.FillAsync("#app-name", "shop");
        await admin.ClickAsync("button:has-text('Create app')");
        await admin.WaitForURLAsync("**/keys?done=app-created");
        await admin.ClickAsync("button:has-text('Mint a new API key')");
        var apiKey = await admin.InputValueAsync("#minted-key");
        Assert.StartsWith("alter_key_", apiKey, StringComparison.Ordinal);
        var keyId = (await admin.TextContentAsync("#minted-heading"))!.Replace("New key ", "", StringComparison.Ordinal).Trim();
        await admin.CheckAsync("03-key-minted", _secrets);
        var keysUrl = admin.Url;
        _secrets.Add(apiKey);
        await admin.GotoAsync(keysUrl);
        await admin.CheckAsync("04-keys", _secrets);
        Assert.Contains(keyId, await admin.TextContentAsync("main"), StringComparison.Ordinal);   // afterwards: its id only

        // Store Slack's client settings (the secret is write-only: afterwards the page says only that it is set).
        await admin.GotoAsync(keysUrl.Replace("/keys", "/providers", StringComparison.Ordinal));
        await admin.FillAsync("#provider", "slack");
        await admin.FillAsync("#client-id", slack.ClientId);
        await admin.FillAsync("#client-secret", slack.ClientSecret);
        await admin.ClickAsync("button:has-text('Save provider settings')");
        await admin.WaitForURLAsync("**/providers?done=provider-saved");
        await admin.CheckAsync("05-providers", _secrets);

        // The customer's web app starts with the minted key; Alice and Bob connect Slack from their wallets.
        await using var host = await WalletHost.StartAsync(_store, _sandbox, apiKey);
        var alice = await SignInToWalletAsync(host, "alice");
        var bob = await SignInToWalletAsync(host, "bob");
        await alice.CheckAsync("06-wallet-empty", _secrets);
        var aliceGrant = await ConnectSlackAsync(alice);
        var bobGrant = await ConnectSlackAsync(bob);
        await alice.CheckAsync("07-wallet-connected", _secrets);
        foreach (var token in await ReadTokensAsync(apiKey, aliceGrant, bobGrant)) _secrets.Add(token);

        // Each wallet shows only its own user's connection.
        Assert.Contains(aliceGrant, await alice.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(bobGrant, await alice.ContentAsync(), StringComparison.Ordinal);
        await bob.ReloadAsync();
        Assert.DoesNotContain(aliceGrant, await bob.ContentAsync(), StringComparison.Ordinal);

        // Alice's wallet cannot revoke Bob's connection, even with her own valid form token and his grant id.
        var aliceToken = await alice.Locator("#wallet-connections input[name='__RequestVerificationToken']").First.InputValueAsync();
        var forged = await alice.APIRequest.PostAsync(host.Url($"/wallet/grants/{bobGrant}/revoke"),
            new() { Form = alice.APIRequest.CreateFormData().Set("__RequestVerificationToken", aliceToken) });
        Assert.Equal(400, forged.Status);
        Assert.Contains("You have no such connection", await forged.TextAsync(), StringComparison.Ordinal);
        await bob.ReloadAsync();
        Assert.Contains(bobGrant, await bob.ContentAsync(), StringComparison.Ordinal);

        // Alice posts through the customer's app.
        var posted = await alice.APIRequest.PostAsync(host.Url("/post?text=hello%20from%20the%20browser"));
        Assert.Equal(200, posted.Status);

        // Alice lends her Slack connection to an agent whose policy holds posts for a human approval; the agent tries once.
        string agentId;
        await using (var app = new App(apiKey, _store))
        {
            var agent = app.Agents.Create("helper", AccessPolicy.Create("helper-policy").Allow("slack:chat.postMessage").RequireApproval("slack:chat.postMessage").Build());
            agentId = agent.Agent.Id;
            _secrets.Add(agent.Key.ApiKey);
            var delegation = app.Delegations.Create(Principal.User(WalletHost.Issuer, "alice"), aliceGrant, agentId, TimeSpan.FromHours(1));
            await using var asAgent = new App(agent.Key.ApiKey, _store);
            await Assert.ThrowsAsync<ApprovalPendingException>(() => asAgent.Slack.WithDelegation(delegation.Id).Chat.PostMessage(new() { Channel = "#general", Text = "held" }));
        }
        await alice.ReloadAsync();
        await Assertions.Expect(alice.Locator("#wallet-delegations")).ToContainTextAsync("helper");
        await alice.CheckAsync("07b-wallet-delegated", _secrets);

        // The operator sees the call in the audit view, with its latency; filters by provider; opens the row.
        var auditUrl = keysUrl.Replace("/keys", "/audit", StringComparison.Ordinal);
        await admin.GotoAsync(auditUrl);
        var row = admin.Locator("#audit-rows tbody tr", new() { HasText = "chat.postMessage" }).Filter(new() { HasNotText = "agent" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.Matches(@"^\d+(\.\d)? ms$", (await row.Locator("td.latency").TextContentAsync())!.Trim());
        Assert.Equal("ok", (await row.Locator("td.outcome").TextContentAsync())!.Trim());
        await admin.CheckAsync("08-audit", _secrets);
        await admin.SelectOptionAsync("#f-provider", "slack");
        await admin.ClickAsync("#audit-filter");
        await admin.WaitForURLAsync(new Regex(@"/audit\?.*provider=slack"));
        var providers = await admin.Locator("#audit-rows tbody tr td:nth-child(5)").AllTextContentsAsync();
        Assert.NotEmpty(providers);
        Assert.All(providers, p => Assert.Equal("slack", p.Trim()));
        await admin.CheckAsync("09-audit-filtered", _secrets);
        await row.Locator("td a").First.ClickAsync();
        await admin.WaitForSelectorAsync("#audit-row");
        await admin.CheckAsync("10-audit-row", _secrets);
        await admin.GotoAsync(auditUrl + "/verify");
        await Assertions.Expect(admin.Locator("#chain-intact")).ToBeVisibleAsync();
        await admin.CheckAsync("10b-audit-chain", _secrets);

        // Every other page of the app, for the accessibility and secrets checks.
        foreach (var (section, name) in new[] { ("users", "11-users"), ("agents", "12-agents"), ("agents/" + agentId, "12b-agent"), ("delegations", "13-delegations"), ("approvals", "14-approvals") })
        {
            await admin.GotoAsync(keysUrl.Replace("/keys", "/" + section, StringComparison.Ordinal));
            await admin.CheckAsync(name, _secrets);
        }
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("chat.postMessage");   // the held call waits on the approvals page

        // The operator revokes Alice's grant; her next call fails and reaches nothing.
        await admin.GotoAsync(keysUrl.Replace("/keys", "/grants", StringComparison.Ordinal));
        await admin.CheckAsync("15-grants", _secrets);
        await admin.ClickAsync($"button[aria-label='Revoke grant {aliceGrant} at slack']");
        await admin.WaitForLoadStateAsync();
        Assert.True(admin.Url.EndsWith("/grants?done=grant-revoked", StringComparison.Ordinal), $"The revocation did not go through ({admin.Url}): {await admin.ContentAsync()}");
        await admin.CheckAsync("16-grant-revoked", _secrets);
        // The message page (an app that does not exist) is a page too.
        await admin.GotoAsync(new Uri(_portal.Url, "apps/app_does_not_exist/keys").AbsoluteUri);
        await Assertions.Expect(admin.Locator("h1")).ToContainTextAsync("App not found");
        await admin.CheckAsync("17-not-found", _secrets);
        var after = await alice.APIRequest.PostAsync(host.Url("/post?text=after%20revocation"));
        Assert.Equal(409, after.Status);
        await alice.ReloadAsync();
        Assert.DoesNotContain(aliceGrant, await alice.ContentAsync(), StringComparison.Ordinal);
        await bob.ReloadAsync();
        Assert.Contains(bobGrant, await bob.ContentAsync(), StringComparison.Ordinal);
    }

    private async Task<IPage> SignInToWalletAsync(WalletHost host, string user)
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(host.Url("/signin-as/" + user));
        await page.WaitForSelectorAsync("#connections-heading");
        return page;
    }

    /// <summary>Clicks the wallet's Connect Slack button: the sandbox authorizes and sends the browser back to the wallet; returns the new grant's id.</summary>
    private static async Task<string> ConnectSlackAsync(IPage wallet)
    {
        var before = await wallet.ContentAsync();
        await wallet.ClickAsync("#connect-slack");
        await wallet.WaitForSelectorAsync("#wallet-connections");
        var grant = Regex.Matches(await wallet.ContentAsync(), @"grant_[0-9a-z]+").Select(m => m.Value).FirstOrDefault(id => !before.Contains(id, StringComparison.Ordinal));
        Assert.NotNull(grant);
        return grant;
    }

    /// <summary>The grants' access and refresh tokens, as the vault holds them: no page may show one.</summary>
    private async Task<IReadOnlyList<string>> ReadTokensAsync(string apiKey, params string[] grantIds)
    {
        await using var app = new App(apiKey, _store);
        var tokens = new List<string>();
        foreach (var id in grantIds)
        {
            var stored = app.GrantStore.ReadTokens(id) ?? throw new InvalidOperationException($"No tokens for {id}.");
            tokens.Add(stored.Tokens.AccessToken);
            if (stored.Tokens.RefreshToken is { } refresh) tokens.Add(refresh);
        }
        return tokens;
    }
}
