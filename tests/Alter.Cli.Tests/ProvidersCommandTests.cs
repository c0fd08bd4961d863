namespace Alter.Cli.Tests;

public sealed class ProvidersCommandTests
{
    [Fact]
    public async Task Providers_list_shows_the_catalog_the_tool_was_built_with()
    {
        await using var world = await CliWorld.StartAsync();
        var table = await world.RunAsync("providers", "list");
        table.AssertOk();
        Assert.Matches(@"\| id\s+\| name\s+\| auth\s+\| operations \| configured \|", table.Output);
        Assert.Matches(@"\| slack\s+\| Slack\s+\| oauth2\s+\|\s+\d+ \| -\s+\|", table.Output);

        var json = await world.RunAsync("providers", "list", "-o", "json");
        json.AssertOk();
        var providers = json.Json.EnumerateArray().ToList();
        var ids = providers.Select(p => p.GetProperty("id").GetString()!).ToList();
        Assert.Contains("slack", ids);
        Assert.Contains("github", ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        var slack = providers.Single(p => p.GetProperty("id").GetString() == "slack");
        Assert.True(slack.GetProperty("operations").GetInt32() >= 3); // chat.postMessage, auth.test, conversations.list at least
        Assert.Equal("oauth2", slack.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Providers_configure_stores_the_settings_and_never_prints_the_secret()
    {
        await using var world = await CliWorld.StartAsync();
        (await world.RunAsync("apps", "create", "demo")).AssertOk();
        const string secret = "s3cr3t-client-secret-value";

        var configured = await world.RunAsync("providers", "configure", "slack", "--app", "demo", "--client-id", "cid-123", "--client-secret", secret,
            "--api-base-url", "https://slack.example.test/api/", "--allowed-host", "slack.example.test", "--allowed-host", "files.example.test:8443");
        configured.AssertOk();
        Assert.DoesNotContain(secret, configured.Output, StringComparison.Ordinal);
        Assert.Contains("(stored, encrypted)", configured.Output, StringComparison.Ordinal);

        var shown = await world.RunAsync("providers", "show", "slack", "-o", "json");
        shown.AssertOk();
        Assert.DoesNotContain(secret, shown.Output, StringComparison.Ordinal);
        Assert.Equal("https://slack.com/api/", shown.Json.GetProperty("apiBaseUrl").GetString());
        var settings = Assert.Single(shown.Json.GetProperty("settings").EnumerateArray());
        Assert.Equal("demo", settings.GetProperty("app").GetString());
        Assert.Equal("cid-123", settings.GetProperty("clientId").GetString());
        Assert.Equal(["slack.example.test", "files.example.test:8443"], settings.GetProperty("allowedHosts").EnumerateArray().Select(h => h.GetString()));

        // A second configure changes one field and keeps the rest (and the secret).
        (await world.RunAsync("providers", "configure", "slack", "--app", "demo", "--client-id", "cid-456")).AssertOk();
        var again = (await world.RunAsync("providers", "show", "slack", "--app", "demo", "-o", "json")).Json.GetProperty("settings")[0];
        Assert.Equal("cid-456", again.GetProperty("clientId").GetString());
        Assert.Equal("(stored, encrypted)", again.GetProperty("clientSecret").GetString());
        Assert.Equal("https://slack.example.test/api/", again.GetProperty("apiBaseUrl").GetString());

        var table = await world.RunAsync("providers", "show", "slack");
        table.AssertOk();
        Assert.Contains("Settings of app demo:", table.Output, StringComparison.Ordinal);
        Assert.Matches(@"\| clientId\s+\| cid-456", table.Output);

        var list = await world.RunAsync("providers", "list");
        Assert.Matches(@"\| slack\s+\| Slack\s+\| oauth2\s+\|\s+\d+ \| demo\s+\|", list.Output);
        Assert.DoesNotContain(secret, File.ReadAllText(world.DatabasePath), StringComparison.Ordinal); // sealed at rest
    }

    [Fact]
    public async Task A_refresh_url_is_shown_from_the_description_and_stored_as_an_override()
    {
        await using var world = await CliWorld.StartAsync();
        (await world.RunAsync("apps", "create", "demo")).AssertOk();

        var figma = (await world.RunAsync("providers", "show", "figma", "-o", "json")).Json;
        Assert.Equal("https://api.figma.com/v1/oauth/refresh", figma.GetProperty("refreshUrl").GetString());

        (await world.RunAsync("providers", "configure", "figma", "--app", "demo", "--refresh-url", "https://proxy.example.test/figma/refresh")).AssertOk();
        var settings = (await world.RunAsync("providers", "show", "figma", "--app", "demo", "-o", "json")).Json.GetProperty("settings")[0];
        Assert.Equal("https://proxy.example.test/figma/refresh", settings.GetProperty("refreshUrl").GetString());

        var before = world.Snapshot();
        (await world.RunAsync("providers", "configure", "figma", "--app", "demo", "--refresh-url", "ftp://nope")).AssertOneLineError(ExitCodes.BadInput);
        Assert.Equal(before, world.Snapshot());
    }

    [Fact]
    public async Task Unknown_providers_apps_and_bad_values_are_refused_with_one_line_and_no_change()
    {
        await using var world = await CliWorld.StartAsync();
        (await world.RunAsync("apps", "create", "demo")).AssertOk();
        var before = world.Snapshot();

        Assert.Contains("Unknown provider 'nope'", (await world.RunAsync("providers", "show", "nope")).AssertOneLineError(ExitCodes.NotFound), StringComparison.Ordinal);
        (await world.RunAsync("providers", "configure", "nope", "--app", "demo", "--client-id", "x")).AssertOneLineError(ExitCodes.NotFound);
        Assert.Contains("No app 'ghost'", (await world.RunAsync("providers", "configure", "slack", "--app", "ghost", "--client-id", "x")).AssertOneLineError(ExitCodes.NotFound), StringComparison.Ordinal);
        (await world.RunAsync("providers", "configure", "slack", "--app", "demo", "--token-url", "not a url")).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("providers", "configure", "slack", "--app", "demo", "--allowed-host", "https://evil.test/")).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("providers", "configure", "slack", "--client-id", "x")).AssertOneLineError(ExitCodes.BadInput); // --app is required
        Assert.Equal(before, world.Snapshot());
    }
}
