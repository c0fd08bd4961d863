using Alter.Sandbox;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Provider quirks of the authorization request come from the description (Google's offline access, for one).</summary>
public sealed class ConnectQuirksTests
{
    [Fact]
    public async Task Authorization_parameters_scopes_pkce_and_state_reach_the_authorize_url()
    {
        await using var world = await TestWorld.StartAsync();
        var github = world.Sandbox.Provider("github");
        var descriptor = new ProviderDescriptor
        {
            Id = "offline", Name = "Offline",
            Auth = new ProviderAuth
            {
                Kind = AuthKind.OAuth2, Pkce = true, ScopeSeparator = " ", DefaultScopes = ["openid", "email"],
                AuthorizationUrl = github.AuthorizationUrl, TokenUrl = github.TokenUrl,
                AuthorizationParameters = new Dictionary<string, string> { ["access_type"] = "offline", ["prompt"] = "consent" },
            },
            Api = new ProviderApi { BaseUrl = github.ApiBaseUrl, AllowedHosts = [github.Authority] },
        };
        world.Options.Providers["offline"] = new ProviderSettings { ClientId = github.ClientId, ClientSecret = github.ClientSecret };
        Uri? seen = null;
        world.Options.OpenBrowser = (url, ct) => { seen = url; return SandboxBrowser.OpenAsync(url, ct); };
        await using var app = new CustomApp(world.ApiKey, world.Options, descriptor);

        await app.Connect(["offline"], new ConnectOptions { Scopes = ["openid", "profile"] });

        var query = System.Web.HttpUtility.ParseQueryString(seen!.Query);
        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Equal("openid profile", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.True(query["state"]!.Length >= 32);
        Assert.StartsWith("http://127.0.0.1:", query["redirect_uri"]);
    }

    [Fact]
    public async Task Slack_user_scopes_give_a_grant_holding_the_user_token_from_authed_user()
    {
        await using var world = await TestWorld.StartAsync();
        Uri? seen = null;
        world.Options.OpenBrowser = (url, ct) => { seen = url; return SandboxBrowser.OpenAsync(url, ct); };
        await using var app = world.OpenApp();   // Slack's description names its user_scope parameter

        var result = (await app.Connect(["slack"], new ConnectOptions { UserScopes = ["search:read", "users:read"] }))[0];
        using var response = await app.Request(HttpMethod.Post, "auth.test", result.GrantId);

        var query = System.Web.HttpUtility.ParseQueryString(seen!.Query);
        Assert.Equal("search:read,users:read", query["user_scope"]);
        Assert.Null(query["scope"]);                                                 // no bot scopes asked for
        Assert.Contains("\"ok\":true", await response.Content.ReadAsStringAsync());
        Assert.Contains("xoxp", world.Wire.Sent.Last().Authorization);               // the user token went out, not a bot token
        Assert.EndsWith("#user", result.Account);
        Assert.Equal(["search:read", "users:read"], result.Scopes);
    }

    private sealed class CustomApp(string apiKey, AlterOptions options, ProviderDescriptor provider) : AlterApp(apiKey, options, [provider]);
}
