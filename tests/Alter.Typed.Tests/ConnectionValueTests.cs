using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Providers whose URLs need per-connection values (a subdomain, a tenant): the values are checked before anything is
/// sent, stored with the grant, and bound into every URL and allowed host of that grant's calls.
/// The sandbox serves each provider under a path prefix, so the template here varies the path: <c>/{product}/api/</c>.
/// </summary>
public sealed class ConnectionValueTests
{
    [Fact]
    public async Task Values_given_at_connect_are_stored_with_the_grant_and_bound_into_its_calls()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = OpenTemplatedApp(world);

        var result = (await app.Connect(["templated"], new ConnectOptions { ConnectionValues = new Dictionary<string, string> { ["product"] = "github" } }))[0];
        using var response = await app.Request(HttpMethod.Get, "user", result.GrantId);

        response.EnsureSuccessStatusCode();
        Assert.Contains("octo-sandbox", await response.Content.ReadAsStringAsync());
        Assert.Equal("github", Assert.Single(app.ListGrants()).ConnectionValues["product"]);
        Assert.EndsWith("/github/api/user", world.Wire.Sent.Last().Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "needs the connection value 'product'")]
    [InlineData("evil.example/x#", "is not valid")]
    [InlineData("github/../slack", "is not valid")]
    public async Task Missing_or_hostile_values_are_refused_before_anything_is_sent_or_stored(string? value, string expected)
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = OpenTemplatedApp(world);
        var browserOpened = false;
        world.Options.OpenBrowser = (_, _) => { browserOpened = true; return Task.CompletedTask; };

        var values = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["product"] = value };
        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect(["templated"], new ConnectOptions { ConnectionValues = values }));

        Assert.Contains(expected, error.Message);
        Assert.False(browserOpened);
        Assert.Empty(world.Wire.Sent);
        Assert.Empty(app.ListGrants());
    }

    private static CustomApp OpenTemplatedApp(TestWorld world)
    {
        var root = world.Sandbox.BaseUri.ToString();
        var github = world.Sandbox.Provider("github");
        var descriptor = new ProviderDescriptor
        {
            Id = "templated", Name = "Templated",
            ConnectionValues = [new ConnectionValue("product", "Which sandbox product to talk to.")],
            Auth = new ProviderAuth
            {
                Kind = AuthKind.OAuth2, Pkce = true, ScopeSeparator = " ",
                AuthorizationUrl = root + "{product}/login/oauth/authorize", TokenUrl = root + "{product}/login/oauth/access_token",
            },
            Api = new ProviderApi { BaseUrl = root + "{product}/api/", AllowedHosts = [github.Authority], JsonNaming = "snake_case" },
        };
        world.Options.Providers["templated"] = new ProviderSettings { ClientId = github.ClientId, ClientSecret = github.ClientSecret };
        return new CustomApp(world.ApiKey, world.Options, descriptor);
    }

    private sealed class CustomApp(string apiKey, AlterOptions options, ProviderDescriptor provider) : AlterApp(apiKey, options, [provider]);
}

/// <summary>The catalog's templated providers (Zendesk here) ask for their values before anything else happens.</summary>
public sealed class CatalogConnectionValueTests
{
    [Fact]
    public async Task Zendesk_needs_a_valid_subdomain_before_anything_is_sent()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        Assert.Equal("subdomain", Assert.Single(App.Catalog.Single(p => p.Id == "zendesk").ConnectionValues).Name);
        var missing = await Assert.ThrowsAsync<ConnectException>(() => app.Connect(["zendesk"]));
        var hostile = await Assert.ThrowsAsync<ConnectException>(() => app.Connect(["zendesk"],
            new ConnectOptions { ConnectionValues = new Dictionary<string, string> { ["subdomain"] = "evil.example.com/x?" } }));

        Assert.Contains("subdomain", missing.Message);
        Assert.Contains("is not valid", hostile.Message);
        Assert.Empty(world.Wire.Sent);
        Assert.Empty(app.ListGrants());
    }
}

/// <summary>An attacker's connection values: a trailing newline, control characters, invisible ones; each is refused with a message that says what to pass.</summary>
public sealed class ConnectionValueAnchoringTests
{
    private static readonly ProviderDescriptor Zendeskish = new()
    {
        Id = "tenanted", Name = "Tenanted",
        ConnectionValues = [new ConnectionValue("subdomain", "Your subdomain."), new ConnectionValue("region", "A region.", "^(eu|us)$")],
        Auth = new ProviderAuth { Kind = AuthKind.OAuth2 },
        Api = new ProviderApi { BaseUrl = "https://{subdomain}.example.com/", AllowedHosts = [] },
    };

    [Theory]
    [InlineData("acme\n", "us")]          // $ alone matches before a final newline
    [InlineData("acme", "us\n")]          // so does a description's own ^...$ pattern
    [InlineData("acme\r\n", "us")]
    [InlineData("ac\tme", "us")]
    [InlineData("acme\0", "us")]
    [InlineData("acme\u2028", "us")]
    [InlineData("ac\u200Bme", "us")]       // zero-width space: a format character
    [InlineData("acme", "eu|us")]          // a value spelling the pattern's own alternation
    [InlineData("acme", "usx")]
    public void Values_with_a_trailing_newline_or_control_characters_are_refused(string subdomain, string region)
    {
        var error = Assert.Throws<ConnectException>(() => ConnectionValues.Validate(Zendeskish, new Dictionary<string, string> { ["subdomain"] = subdomain, ["region"] = region }));

        Assert.Contains("Nothing was stored", error.Message);
    }

    [Fact]
    public void A_control_character_is_named_as_such()
    {
        var error = Assert.Throws<ConnectException>(() => ConnectionValues.Validate(Zendeskish, new Dictionary<string, string> { ["subdomain"] = "acme\n", ["region"] = "us" }));

        Assert.Contains("control", error.Message);
        Assert.Contains("'subdomain'", error.Message);
    }

    [Fact]
    public void Clean_values_pass()
    {
        var values = ConnectionValues.Validate(Zendeskish, new Dictionary<string, string> { ["subdomain"] = "acme-1", ["region"] = "eu" });

        Assert.Equal("acme-1", values["subdomain"]);
        Assert.Equal("eu", values["region"]);
    }
}
