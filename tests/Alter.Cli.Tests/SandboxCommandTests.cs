using System.Text.Json;

namespace Alter.Cli.Tests;

/// <summary><c>connect</c>, <c>grants</c>, <c>audit</c> and <c>request</c> against the local Slack sandbox.</summary>
public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Connect_prints_the_url_waits_for_the_browser_and_prints_the_grant()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();

        var alice = Alter.Typed.Principal.User("https://idp.test/", "alice").Key;
        var connected = await world.ConnectAsync(key, "--principal", alice);
        connected.AssertOk();
        var urlLine = Assert.Single(connected.OutputLines, l => l.StartsWith("Open this URL to connect: ", StringComparison.Ordinal));
        Assert.StartsWith("Open this URL to connect: " + world.Sandbox!.Provider("slack").AuthorizationUrl, urlLine, StringComparison.Ordinal);
        Assert.Matches(@"\| grant\s+\| grant_", connected.Output);
        Assert.Matches(@"\| principal\s+\| " + System.Text.RegularExpressions.Regex.Escape(alice), connected.Output);
        Assert.Matches(@"\| scopes\s+\| chat:write, channels:read", connected.Output);

        var grants = await world.RunAsync("grants", "list", "--key", key, "-o", "json");
        grants.AssertOk();
        var grant = Assert.Single(grants.Json.EnumerateArray());
        Assert.Equal("slack", grant.GetProperty("provider").GetString());
        Assert.Equal(alice, grant.GetProperty("principal").GetString());
        Assert.Equal("active", grant.GetProperty("status").GetString());
        Assert.Equal(1, world.Count("tokens"));
        foreach (var token in world.Sandbox.State.ApiRequests.Select(r => r.Authorization).OfType<string>())
            Assert.DoesNotContain(token.Split(' ').Last(), connected.Output + grants.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_refusals_store_nothing()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        var before = world.Snapshot();

        // An unknown provider: refused before the key is used.
        var unknown = await world.RunAsync("connect", "nope", "--key", key, "--no-browser");
        Assert.Contains("Unknown provider 'nope'", unknown.AssertOneLineError(ExitCodes.NotFound), StringComparison.Ordinal);

        // Slack without an OAuth client configured for this app (and no ALTER_SLACK_CLIENT_ID in the tests).
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ALTER_SLACK_CLIENT_ID")))
        {
            var unconfigured = await world.RunAsync("connect", "slack", "--key", key, "--no-browser");
            Assert.Contains("client id", unconfigured.AssertOneLineError(ExitCodes.ConnectFailed), StringComparison.Ordinal);
        }
        Assert.Equal(before, world.Snapshot());

        // Nobody opens the URL: the wait times out.
        await world.ConfigureSandboxSlackAsync();
        before = world.Snapshot();
        var timedOut = await world.RunAsync("connect", "slack", "--key", key, "--no-browser", "--timeout", "300ms");
        Assert.Contains("timed out", timedOut.AssertOneLineError(ExitCodes.ConnectFailed), StringComparison.Ordinal);
        Assert.Contains("Open this URL to connect: ", timedOut.Output, StringComparison.Ordinal);
        Assert.Equal(before, world.Snapshot());
    }

    [Fact]
    public async Task Request_calls_the_provider_under_the_grant_and_bad_input_sends_and_stores_nothing()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var grant = await world.ConnectSlackAsync(key);

        var ok = await world.RunAsync("request", "POST", "chat.postMessage", "--grant", grant, "--key", key, "--json", """{"channel":"#general","text":"Hello from the CLI."}""");
        ok.AssertOk();
        Assert.Equal("HTTP 200 OK", ok.OutputLines[0]);
        var body = JsonDocument.Parse(string.Join('\n', ok.OutputLines.Skip(1))).RootElement;
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal("Hello from the CLI.", body.GetProperty("message").GetProperty("text").GetString());

        var json = await world.RunAsync("request", "GET", "auth.test", "--grant", grant, "--key", key, "-o", "json");
        json.AssertOk();
        Assert.Equal(200, json.Json.GetProperty("status").GetInt32());
        Assert.True(json.Json.GetProperty("body").GetProperty("ok").GetBoolean());

        var sent = world.Sandbox!.State.ApiRequests.Count;
        var before = world.Snapshot();

        var malformed = await world.RunAsync("request", "POST", "chat.postMessage", "--grant", grant, "--key", key, "--json", """{"channel":"#general",""");
        Assert.Contains("not valid JSON", malformed.AssertOneLineError(ExitCodes.BadInput), StringComparison.Ordinal);
        Assert.Equal("", malformed.Output);
        (await world.RunAsync("request", "P O S T", "chat.postMessage", "--grant", grant, "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
        Assert.Equal(before, world.Snapshot());
        // An unknown grant: nothing sent, nothing stored but the refusal's audit row.
        (await world.RunAsync("request", "GET", "auth.test", "--grant", "grant_nope", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
        var refusal = (await world.RunAsync("audit", "list", "--key", key, "--limit", "1", "-o", "json")).Json[0];
        Assert.Equal(("error:grant_not_found", "GET /auth.test"), (refusal.GetProperty("outcome").GetString(), refusal.GetProperty("operation").GetString()));

        // A host that is not the provider's: refused before anything is sent (the refusal is audited).
        var outside = await world.RunAsync("request", "GET", "https://example.com/steal", "--grant", grant, "--key", key);
        Assert.NotEqual(ExitCodes.Ok, outside.ExitCode);
        Assert.Contains("example.com", outside.AssertOneLineError(ExitCodes.BadInput), StringComparison.Ordinal);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);
        Assert.Equal(1, world.Count("grants"));

        // A non-2xx answer: the status and body are printed, and the exit code says the provider failed.
        var missing = await world.RunAsync("request", "GET", "no.suchMethod", "--grant", grant, "--key", key);
        Assert.StartsWith("HTTP 404", missing.OutputLines[0], StringComparison.Ordinal);
        missing.AssertOneLineError(ExitCodes.ProviderError);
    }

    [Fact]
    public async Task Audit_list_shows_calls_filtered_by_since_provider_and_grant()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var grant = await world.ConnectSlackAsync(key);
        (await world.RunAsync("request", "POST", "chat.postMessage", "--grant", grant, "--key", key, "--json", """{"channel":"#general","text":"hi"}""")).AssertOk();

        var table = await world.RunAsync("audit", "list", "--key", key, "--since", "1h", "--provider", "slack");
        table.AssertOk();
        Assert.Matches(@"\| at\s+\| principal\s+\| provider \| operation\s+\| grant\s+\| status \| outcome\s+\|\s+ms \|", table.Output);
        // The untyped request is audited as the described operation it maps to.
        Assert.Matches(@"\| app:9:alter:app\w+\s+\| slack\s+\| chat.postMessage\s+\| " + grant + @" \|\s+200 \| ok\s+\|", table.Output);
        Assert.Matches(@"\| connect\s+\| " + grant + @" \|\s+200 \| connected", table.Output);

        var jsonl = await world.RunAsync("audit", "list", "--key", key, "--grant", grant, "-o", "jsonl");
        jsonl.AssertOk();
        var rows = jsonl.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["chat.postMessage", "connect"], rows.Select(r => r.GetProperty("operation").GetString()));
        Assert.All(rows, r => Assert.Equal("demo", r.GetProperty("caller").GetString()));

        Assert.Single((await world.RunAsync("audit", "list", "--key", key, "--limit", "1", "-o", "json")).Json.EnumerateArray());
        Assert.Empty((await world.RunAsync("audit", "list", "--key", key, "--provider", "github", "-o", "json")).Json.EnumerateArray());
        var future = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var none = await world.RunAsync("audit", "list", "--key", key, "--since", future);
        none.AssertOk();
        Assert.Contains("No audit rows match.", none.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await world.RunAsync("audit", "list", "--key", key, "--since", DateTime.UtcNow.AddHours(-1).ToString("O"), "-o", "json")).Json.GetArrayLength());

        var before = world.Snapshot();
        (await world.RunAsync("audit", "list", "--key", key, "--provider", "nope")).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("audit", "list", "--key", key, "--since", "last tuesday")).AssertOneLineError(ExitCodes.BadInput);
        Assert.Equal(before, world.Snapshot());
    }

    [Fact]
    public async Task Grants_revoke_revokes_at_the_provider_or_only_locally_and_deletes_the_grant()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var grant = await world.ConnectSlackAsync(key);

        var table = await world.RunAsync("grants", "list", "--key", key, "--provider", "slack");
        table.AssertOk();
        Assert.Matches(@"\| id\s+\| provider \| principal\s+\| account\s+\| scopes\s+\| status\s+\| created\s+\| updated\s+\|", table.Output);
        Assert.Matches(grant + @"\s+\| slack\s+\| app:9:alter:app\w+\s+\| T0SANDBOX/U0SANDBOX \| chat:write, channels:read \| active", table.Output);

        var before = world.Snapshot();
        (await world.RunAsync("grants", "revoke", "grant_nope", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("grants", "list", "--key", key, "--provider", "nope")).AssertOneLineError(ExitCodes.NotFound);
        Assert.Equal(before, world.Snapshot());

        // --local: deleted from the vault without telling the provider.
        var removed = await world.RunAsync("grants", "revoke", grant, "--local", "--key", key, "-o", "json");
        removed.AssertOk();
        Assert.Equal("removed", removed.Json.GetProperty("status").GetString());
        Assert.Contains("No grants", (await world.RunAsync("grants", "list", "--key", key)).Output, StringComparison.Ordinal);
        Assert.Equal(0, world.Count("tokens"));
        (await world.RunAsync("grants", "revoke", grant, "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        (await world.RunAsync("request", "GET", "auth.test", "--grant", grant, "--key", key)).AssertOneLineError(ExitCodes.NotFound);

        // Without --local: the provider revokes the token first.
        var again = await world.ConnectSlackAsync(key);
        var revoked = await world.RunAsync("grants", "revoke", again, "--key", key, "-o", "json");
        revoked.AssertOk();
        Assert.Equal("revoked", revoked.Json.GetProperty("status").GetString());
        Assert.Equal(0, world.Count("grants"));
        var audit = (await world.RunAsync("audit", "list", "--key", key, "-o", "json")).Json.EnumerateArray().ToList();
        var revokeRow = Assert.Single(audit, r => r.GetProperty("operation").GetString() == "grant.revoke");
        Assert.Equal("revoked", revokeRow.GetProperty("outcome").GetString()); // the sandbox's auth.revoke accepted the token
        Assert.Equal(world.Sandbox!.Provider("slack").Authority, revokeRow.GetProperty("host").GetString());
        Assert.Contains(audit, r => r.GetProperty("operation").GetString() == "grant.remove");
    }

    [Fact]
    public async Task A_grant_revoked_at_the_provider_asks_for_reconnect_with_exit_6()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var grant = await world.ConnectSlackAsync(key);
        world.Sandbox!.State.RevokeAll("slack");

        var result = await world.RunAsync("request", "GET", "auth.test", "--grant", grant, "--key", key);
        Assert.Contains("alter connect slack", result.AssertOneLineError(ExitCodes.ReauthRequired), StringComparison.Ordinal);
        var grants = await world.RunAsync("grants", "list", "--key", key, "-o", "json");
        Assert.Equal("reauth_required", grants.Json[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_provider_refusing_the_revocation_keeps_the_grant_with_exit_4()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        var grant = await world.ConnectSlackAsync(key);
        // Point the revocation endpoint at a path the sandbox does not serve (404).
        (await world.RunAsync("providers", "configure", "slack", "--app", "demo", "--revocation-url", world.Sandbox!.BaseUri + "slack/api/no.such.revoke")).AssertOk();

        var refused = await world.RunAsync("grants", "revoke", grant, "--key", key);
        Assert.Contains("--local", refused.AssertOneLineError(ExitCodes.ProviderError), StringComparison.Ordinal);
        Assert.Equal(1, world.Count("grants"));
        (await world.RunAsync("grants", "revoke", grant, "--local", "--key", key)).AssertOk();
        Assert.Equal(0, world.Count("grants"));
    }
}
