using System.Net;
using Microsoft.Playwright;

namespace Alter.Typed.AspNetCore.Tests;

/// <summary>
/// Connect from a web app, end to end in headless Chromium: the person signs in at the local OpenID Connect issuer,
/// connects Slack (the sandbox), and the grant is theirs; every refusal stores nothing.
/// </summary>
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WebConnectTests(WebFixture fixture)
{
    private TestWebHost Host => fixture.Host;

    [Fact]
    public async Task Signed_in_user_connects_Slack_and_posts_through_the_typed_client()
    {
        var page = fixture.Alice;
        var response = await page.GotoAsync(Host.Url("alter/connect/slack?returnUrl=/done"));

        // The browser went app → sandbox authorize (auto-consent) → app callback → the return URL.
        Assert.Equal(Host.Url("done"), page.Url);
        Assert.Equal(200, response!.Status);
        var alice = Host.User("alice");
        var grant = Assert.Single(Host.App.ListGrants("slack"), g => g.Owner == alice);
        Assert.Equal(GrantStatus.Active, grant.Status);

        var text = "hello from alice " + Guid.NewGuid().ToString("N")[..8];
        var posted = await page.Context.APIRequest.PostAsync(Host.Url("post?text=" + Uri.EscapeDataString(text)), new() { Timeout = Chromium.Timeout });
        Assert.Equal(200, posted.Status);
        Assert.Contains(Host.Sandbox.State.Messages, m => m.Text == text);
        var audit = await Host.App.Audit(new AuditQuery { GrantId = grant.Id });
        Assert.Contains(audit, r => r.Operation == "chat.postMessage" && r.Status == 200);
        Assert.Contains(audit, r => r.Operation == "connect" && r.Principal == alice.Key);
        Assert.Contains(audit, r => r.Operation == "chat.postMessage" && r.Principal == alice.Key);
    }

    [Fact]
    public async Task A_user_who_has_not_connected_is_told_where_to_connect_and_nothing_uses_another_users_grant()
    {
        // bob never connects Slack in these tests; alice may have. bob's call must not use alice's grant nor the app's.
        var messages = Host.Sandbox.State.Messages.Count;
        var posted = await fixture.Bob.Context.APIRequest.PostAsync(Host.Url("post?text=bob"), new() { Timeout = Chromium.Timeout });

        Assert.Equal(409, posted.Status);
        Assert.Equal(Host.Url("alter/connect/slack"), await posted.TextAsync());
        Assert.Equal(messages, Host.Sandbox.State.Messages.Count);
    }

    [Fact]
    public async Task A_flow_started_by_alice_and_completed_in_bobs_session_is_refused_and_stores_nothing()
    {
        var callback = await Flows.CallbackUrlAsync(fixture.Alice, Host, "slack");
        var grants = Host.Count("grants");
        var tokenRequests = Host.Sandbox.State.TokenRequests("slack");

        var response = await fixture.Bob.GotoAsync(callback.AbsoluteUri);

        Assert.Equal(400, response!.Status);
        Assert.Contains("another user", await fixture.Bob.TextContentAsync("#alter-error"), StringComparison.Ordinal);
        Assert.Equal(grants, Host.Count("grants"));
        Assert.Equal(tokenRequests, Host.Sandbox.State.TokenRequests("slack"));   // the code was never sent
        // Spent: alice cannot finish it afterwards either (a state is good for one callback).
        var again = await fixture.Alice.GotoAsync(callback.AbsoluteUri);
        Assert.Equal(400, again!.Status);
        Assert.Equal(grants, Host.Count("grants"));
    }

    [Fact]
    public async Task A_forged_state_is_refused_and_stores_nothing()
    {
        var callback = await Flows.CallbackUrlAsync(fixture.Alice, Host, "slack");
        var grants = Host.Count("grants");
        var forged = callback.AbsoluteUri.Replace("state=" + Flows.Query(callback, "state"), "state=forged" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal);

        var response = await fixture.Alice.GotoAsync(forged);

        Assert.Equal(400, response!.Status);
        Assert.Contains("did not issue", await fixture.Alice.TextContentAsync("#alter-error"), StringComparison.Ordinal);
        Assert.Equal(grants, Host.Count("grants"));
        var missing = await fixture.Alice.GotoAsync(Host.Url("alter/callback?code=abc"));
        Assert.Equal(400, missing!.Status);
        Assert.Equal(grants, Host.Count("grants"));
    }

    [Fact]
    public async Task A_replayed_state_is_refused_and_stores_nothing_more()
    {
        var callback = await Flows.CallbackUrlAsync(fixture.Alice, Host, "slack");
        var first = await fixture.Alice.GotoAsync(callback.AbsoluteUri);
        Assert.Equal(200, first!.Status);
        Assert.Equal(Host.Url("done"), fixture.Alice.Url);
        var grants = Host.Count("grants");
        var tokenRequests = Host.Sandbox.State.TokenRequests("slack");

        var replay = await fixture.Alice.GotoAsync(callback.AbsoluteUri);

        Assert.Equal(400, replay!.Status);
        Assert.Contains("already used", await fixture.Alice.TextContentAsync("#alter-error"), StringComparison.Ordinal);
        Assert.Equal(grants, Host.Count("grants"));
        Assert.Equal(tokenRequests, Host.Sandbox.State.TokenRequests("slack"));
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    public async Task A_return_URL_outside_the_allowed_origins_is_refused_before_anything_starts(string returnUrl)
    {
        var states = Host.Count("connect_states");
        var grants = Host.Count("grants");

        var begin = await Flows.BeginAsync(fixture.Alice, Host, "slack", returnUrl);

        Assert.Equal(400, begin.Status);
        Assert.Contains("return URL", await begin.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(states, Host.Count("connect_states"));   // no pending state was stored
        Assert.Equal(grants, Host.Count("grants"));
    }

    [Fact]
    public async Task A_pending_state_without_its_PKCE_verifier_is_refused_and_the_code_is_never_sent()
    {
        // GitHub uses PKCE; the pending state's sealed verifier is lost (as a tampered or damaged vault row would be).
        var callback = await Flows.CallbackUrlAsync(fixture.Alice, Host, "github");
        Assert.Equal(1, Host.Count("connect_states", "provider = 'github' AND consumed_at IS NULL AND verifier_envelope IS NOT NULL"));
        Assert.Equal(1, Host.Execute("UPDATE connect_states SET verifier_envelope = NULL WHERE provider = 'github' AND consumed_at IS NULL"));
        var grants = Host.Count("grants");
        var tokenRequests = Host.Sandbox.State.TokenRequests("github");

        var response = await fixture.Alice.GotoAsync(callback.AbsoluteUri);

        Assert.Equal(400, response!.Status);
        Assert.Contains("PKCE verifier", await fixture.Alice.TextContentAsync("#alter-error"), StringComparison.Ordinal);
        Assert.Equal(grants, Host.Count("grants"));
        Assert.Equal(tokenRequests, Host.Sandbox.State.TokenRequests("github"));
    }

    [Fact]
    public async Task The_PKCE_verifier_is_stored_sealed_and_the_state_only_hashed()
    {
        var callback = await Flows.CallbackUrlAsync(fixture.Alice, Host, "github");
        var state = Flows.Query(callback, "state")!;
        var bytes = await File.ReadAllBytesAsync(Host.DatabasePath);
        var wal = Host.DatabasePath + "-wal";
        var text = System.Text.Encoding.Latin1.GetString(bytes) + (File.Exists(wal) ? System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(wal)) : "");
        Assert.DoesNotContain(state, text, StringComparison.Ordinal);

        var response = await fixture.Alice.GotoAsync(callback.AbsoluteUri);   // and it still completes: the verifier opens
        Assert.Equal(200, response!.Status);
        Assert.Contains(Host.App.ListGrants("github"), g => g.Owner == Host.User("alice"));
    }

    [Fact]
    public async Task Behind_a_proxy_the_redirect_URI_sent_to_the_provider_is_the_public_one()
    {
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "app.example.test" };
        var begin = await Flows.BeginAsync(fixture.Alice, Host, "slack", "/done", forwarded);
        Assert.Equal(302, begin.Status);
        Assert.Equal("https://app.example.test/alter/callback", Flows.Query(new Uri(begin.Headers["location"]), "redirect_uri"));

        // With PublicBaseUrl set it wins, whatever Host a request claims.
        Host.ConnectOptions.PublicBaseUrl = new Uri("https://public.example.test/base/");
        try
        {
            var spoofed = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "http", ["X-Forwarded-Host"] = "evil.example" };
            var pinned = await Flows.BeginAsync(fixture.Alice, Host, "slack", "https://public.example.test/base/settings", spoofed);
            Assert.Equal(302, pinned.Status);
            Assert.Equal("https://public.example.test/base/alter/callback", Flows.Query(new Uri(pinned.Headers["location"]), "redirect_uri"));
        }
        finally { Host.ConnectOptions.PublicBaseUrl = null; }
    }

    [Fact]
    public async Task An_unknown_provider_is_404_and_nothing_starts()
    {
        var states = Host.Count("connect_states");
        var begin = await Flows.BeginAsync(fixture.Alice, Host, "no-such-provider");
        Assert.Equal(404, begin.Status);
        Assert.Equal(states, Host.Count("connect_states"));
    }

    [Fact]
    public async Task Nobody_signed_in_gets_401_and_nothing_starts()
    {
        var states = Host.Count("connect_states");
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

        using var response = await http.GetAsync(Host.Url("alter/connect/slack"));
        using var session = await http.PostAsync(Host.Url("alter/sessions"), new StringContent("{\"allowed_integrations\":[\"slack\"]}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign in", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.Equal(states, Host.Count("connect_states"));
        // A typed call during an anonymous request is refused; it does not act for the app.
        using var post = await http.PostAsync(Host.Url("post?text=anonymous"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task A_connect_session_minted_for_alice_connects_from_a_browser_without_her_sign_in_and_only_there()
    {
        var minted = await fixture.Alice.Context.APIRequest.PostAsync(Host.Url("alter/sessions"), new()
        {
            DataString = "{\"allowed_integrations\":[\"github\"]}", Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, Timeout = Chromium.Timeout,
        });
        Assert.Equal(201, minted.Status);
        var token = (await minted.JsonAsync())!.Value.GetProperty("data").GetProperty("token").GetString()!;
        Assert.Equal(0, Host.Count("connect_sessions", "token_hash = $t", ("$t", token)));   // stored hashed only

        // A browser app's page (no cookie of the app) starts it; a provider the session does not allow is refused.
        var spa = await fixture.Chromium.NewPageAsync();
        var refused = await spa.Context.APIRequest.GetAsync(Host.Url($"alter/connect/slack?session={token}"), new() { MaxRedirects = 0 });
        Assert.Equal(400, refused.Status);
        var before = Host.App.ListGrants("github").Count(g => g.Owner == Host.User("alice"));
        var done = await spa.GotoAsync(Host.Url($"alter/connect/github?session={token}&returnUrl=/done"));
        Assert.Equal(200, done!.Status);
        Assert.Equal(Host.Url("done"), spa.Url);
        Assert.True(Host.App.ListGrants("github").Count(g => g.Owner == Host.User("alice")) >= Math.Max(1, before));

        // The flow is bound to the browser that started it: its callback in bob's browser is refused.
        var begin = await spa.Context.APIRequest.GetAsync(Host.Url($"alter/connect/github?session={token}"), new() { MaxRedirects = 0 });
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var consent = await http.GetAsync(new Uri(begin.Headers["location"]));
        var grants = Host.Count("grants");
        var stolen = await fixture.Bob.GotoAsync(consent.Headers.Location!.AbsoluteUri);
        Assert.Equal(400, stolen!.Status);
        Assert.Equal(grants, Host.Count("grants"));
        await spa.Context.CloseAsync();
    }
}
