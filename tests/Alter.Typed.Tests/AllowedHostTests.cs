using Xunit;

namespace Alter.Typed.Tests;

/// <summary>A token goes only to its provider's hosts: anything else is refused before a byte is sent, and audited as denied.</summary>
public sealed class AllowedHostTests
{
    [Theory]
    [InlineData("https://attacker.example.com/api/chat.postMessage")]
    [InlineData("https://slack.com.attacker.example.com/api/auth.test")]
    [InlineData("http://127.0.0.2:9/steal")]
    public async Task Request_to_a_foreign_host_is_refused_and_audited_and_nothing_leaves(string url)
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["slack"]))[0].GrantId;
        var sentBefore = world.Wire.Sent.Count;

        var error = await Assert.ThrowsAsync<HostNotAllowedException>(() => app.Request(HttpMethod.Post, url, grantId, json: new { text = "hi" }));

        Assert.Equal("slack", error.Provider);
        Assert.Contains("Nothing was sent", error.Message);
        Assert.Equal(sentBefore, world.Wire.Sent.Count);                       // the request never reached the network
        Assert.DoesNotContain(world.Wire.Sent, s => s.Uri.Host == new Uri(url).Host);
        var row = (await app.Audit()).First();
        Assert.Equal("denied:host_not_allowed", row.Outcome);
        Assert.Equal(0, row.Status);
        Assert.Equal(grantId, row.GrantId);
    }

    [Fact]
    public async Task Pagination_link_to_another_port_on_loopback_is_refused()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["github"]))[0].GrantId;
        var port = world.Sandbox.BaseUri.Port == 65535 ? 65534 : world.Sandbox.BaseUri.Port + 1;
        var sentBefore = world.Wire.Sent.Count;

        await Assert.ThrowsAsync<HostNotAllowedException>(() => app.Request(HttpMethod.Get, $"http://127.0.0.1:{port}/github/api/repos/o/r/issues?page=2", grantId));

        Assert.Equal(sentBefore, world.Wire.Sent.Count);
    }

    [Fact]
    public async Task Pagination_link_on_the_provider_host_is_followed()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["github"]))[0].GrantId;

        using var first = await app.Request(HttpMethod.Get, "repos/octo-sandbox/hello-world/issues?per_page=2", grantId);
        var next = first.Headers.GetValues("Link").Single().Split(',')[0].Trim().TrimStart('<').Split('>')[0];
        using var second = await app.Request(HttpMethod.Get, next, grantId);

        second.EnsureSuccessStatusCode();
        Assert.Contains("page=2", second.RequestMessage!.RequestUri!.Query);
    }

    [Fact]
    public void Plain_host_entries_allow_https_only_and_subdomain_wildcards_only_when_listed()
    {
        var policy = new HostPolicy(["slack.com", "*.slack-edge.com", "127.0.0.1:5000"]);

        Assert.True(policy.Allows(new Uri("https://slack.com/api/x")));
        Assert.False(policy.Allows(new Uri("http://slack.com/api/x")));
        Assert.False(policy.Allows(new Uri("https://files.slack.com/x")));
        Assert.True(policy.Allows(new Uri("https://a.slack-edge.com/x")));
        Assert.False(policy.Allows(new Uri("https://slack-edge.com.evil.example/x")));
        Assert.True(policy.Allows(new Uri("http://127.0.0.1:5000/x")));
        Assert.False(policy.Allows(new Uri("http://127.0.0.1:5001/x")));
    }

    [Theory]
    [InlineData("https://slack.com/api/x", true)]
    [InlineData("https://slack.com:443/api/x", true)]
    [InlineData("https://slack.com:8443/api/x", false)]     // another service on the same name, maybe not the provider's
    [InlineData("https://slack.com:1/api/x", false)]
    [InlineData("https://a.slack-edge.com:444/x", false)]
    [InlineData("https://a.slack-edge.com/x", true)]
    [InlineData("http://127.0.0.1:5000/x", true)]           // host:port allows exactly that port
    [InlineData("http://127.0.0.1:443/x", false)]
    public void A_host_entry_without_a_port_allows_443_only(string url, bool allowed)
    {
        var policy = new HostPolicy(["slack.com", "*.slack-edge.com", "127.0.0.1:5000"]);

        Assert.Equal(allowed, policy.Allows(new Uri(url)));
    }
}
