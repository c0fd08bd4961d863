namespace Alter.Typed.AspNetCore.Tests;

/// <summary>
/// <c>app.WebConnect</c> in the core runtime, without a web server or browser: what the endpoints rely on, and the
/// refusals a browser test cannot reach quickly (expiry, a verifier moved between rows, sessions).
/// </summary>
public sealed class WebConnectCoreTests
{
    private static readonly Principal Ada = Principal.User("https://idp.example/", "ada");
    private static readonly Principal Bob = Principal.User("https://idp.example/", "bob");

    [Fact]
    public async Task Completed_flow_stores_the_grant_as_the_owners_and_only_the_owner_calls_with_it()
    {
        await using var world = await CoreWorld.StartAsync();
        var authorize = world.App.WebConnect.Begin("slack", Ada, CoreWorld.RedirectUri, new Uri("/settings?tab=apps", UriKind.Relative));
        Assert.Equal(CoreWorld.RedirectUri.AbsoluteUri, System.Web.HttpUtility.ParseQueryString(authorize.Query)["redirect_uri"]);
        var (state, code) = await CoreWorld.ConsentAsync(authorize);

        var result = await world.App.WebConnect.CompleteAsync(state, code, Ada);

        Assert.Equal(Ada, result.Owner);
        Assert.Equal(Ada, result.Connection.Owner);
        Assert.Equal(new Uri("http://127.0.0.1:9/settings?tab=apps"), result.ReturnUrl);
        Assert.Equal(Ada, Assert.Single(world.App.ListGrants("slack")).Owner);
        var sent = await world.App.Slack.ForUser(Ada).Chat.PostMessage(new() { Channel = "#general", Text = "as ada" });
        Assert.True(sent.Ok);
        await Assert.ThrowsAsync<ConnectRequiredException>(() => world.App.Slack.ForUser(Bob).Chat.PostMessage(new() { Channel = "#general", Text = "as bob" }));
    }

    [Fact]
    public async Task Refusals_store_nothing_send_no_code_and_never_show_the_state_or_code()
    {
        await using var world = await CoreWorld.StartAsync();
        var web = world.App.WebConnect;
        var tokenRequests = world.Sandbox.State.TokenRequests("slack");

        async Task<WebConnectException> Refused(Func<string, string, Task> complete)
        {
            var (state, code) = await CoreWorld.ConsentAsync(web.Begin("slack", Ada, CoreWorld.RedirectUri));
            var e = await Assert.ThrowsAsync<WebConnectException>(() => complete(state, code));
            Assert.DoesNotContain(state, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(code, e.Message, StringComparison.Ordinal);
            return e;
        }

        Assert.Equal(WebConnectRefusal.OtherPrincipal, (await Refused((s, c) => web.CompleteAsync(s, c, Bob))).Reason);
        Assert.Equal(WebConnectRefusal.NoPrincipal, (await Refused((s, c) => web.CompleteAsync(s, c, null))).Reason);
        Assert.Equal(WebConnectRefusal.ProviderRefused, (await Refused((s, _) => web.CompleteAsync(s, null, Ada, error: "access_denied"))).Reason);
        Assert.Equal(WebConnectRefusal.UnknownState, (await Refused((s, c) => web.CompleteAsync(s + "x", c, Ada))).Reason);
        Assert.Equal(WebConnectRefusal.Expired, (await Refused((s, c) =>
        {
            world.Time.Advance(WebConnect.StateLifetime + TimeSpan.FromSeconds(1));
            return web.CompleteAsync(s, c, Ada);
        })).Reason);
        Assert.Equal(WebConnectRefusal.ReplayedState, (await Refused(async (s, c) =>
        {
            try { await web.CompleteAsync(s, c, Bob); } catch (WebConnectException) { }   // the first use spends it, refused or not
            await web.CompleteAsync(s, c, Ada);
        })).Reason);

        Assert.Equal(0, world.Count("grants"));
        Assert.Equal(tokenRequests, world.Sandbox.State.TokenRequests("slack"));
    }

    [Fact]
    public async Task Two_callbacks_racing_on_one_state_complete_it_once()
    {
        await using var world = await CoreWorld.StartAsync();
        var (state, code) = await CoreWorld.ConsentAsync(world.App.WebConnect.Begin("slack", Ada, CoreWorld.RedirectUri));
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            try { await world.App.WebConnect.CompleteAsync(state, code, Ada); return (WebConnectRefusal?)null; }
            catch (WebConnectException e) { return e.Reason; }
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(racers);

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(WebConnectRefusal.ReplayedState, o));
        Assert.Equal(1, world.Sandbox.State.TokenRequests("slack"));
        Assert.Equal(1, world.Count("grants"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://user@127.0.0.1:9/")]
    [InlineData("relative/path")]
    public async Task Return_URLs_off_the_allowed_origins_are_refused_before_a_state_is_stored(string returnUrl)
    {
        await using var world = await CoreWorld.StartAsync();
        var e = Assert.Throws<WebConnectException>(() => world.App.WebConnect.Begin("slack", Ada, CoreWorld.RedirectUri, new Uri(returnUrl, UriKind.RelativeOrAbsolute)));
        Assert.Equal(WebConnectRefusal.ReturnUrlNotAllowed, e.Reason);
        Assert.Equal(0, world.Count("connect_states"));

        // An origin the app allows explicitly is accepted.
        world.App.WebConnect.Begin("slack", Ada, CoreWorld.RedirectUri, new Uri("https://spa.example/done"),
            new WebConnectOptions { AllowedReturnOrigins = ["https://spa.example"] });
        Assert.Equal(1, world.Count("connect_states"));
    }

    [Fact]
    public async Task A_sealed_verifier_moved_to_another_pending_state_does_not_open_and_the_code_is_not_sent()
    {
        await using var world = await CoreWorld.StartAsync();
        var (first, _) = await CoreWorld.ConsentAsync(world.App.WebConnect.Begin("github", Ada, CoreWorld.RedirectUri));
        var (second, code) = await CoreWorld.ConsentAsync(world.App.WebConnect.Begin("github", Ada, CoreWorld.RedirectUri));
        Assert.NotEqual(first, second);
        // Every row gets the envelope of the oldest one: each is sealed to its own row, so the others no longer open.
        world.Execute("UPDATE connect_states SET verifier_envelope = (SELECT verifier_envelope FROM connect_states ORDER BY created_at, rowid LIMIT 1)");
        var tokenRequests = world.Sandbox.State.TokenRequests("github");

        var e = await Assert.ThrowsAsync<WebConnectException>(() => world.App.WebConnect.CompleteAsync(second, code, Ada));

        Assert.Equal(WebConnectRefusal.MissingPkceVerifier, e.Reason);
        Assert.Equal(tokenRequests, world.Sandbox.State.TokenRequests("github"));
        Assert.Equal(0, world.Count("grants"));
    }

    [Fact]
    public async Task Connect_sessions_are_bound_to_their_principal_providers_lifetime_and_browser()
    {
        await using var world = await CoreWorld.StartAsync();
        var web = world.App.WebConnect;
        var session = web.CreateSession(Ada, ["slack"], "https://spa.example", TimeSpan.FromMinutes(5));
        Assert.StartsWith("alter_cs_", session.Token, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Token, session.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => web.CreateSession(Ada, ["slack"], lifetime: TimeSpan.FromHours(2)));

        Assert.Equal(WebConnectRefusal.SessionNotValid, Assert.Throws<WebConnectException>(() => web.BeginWithSession(session.Token, "github", CoreWorld.RedirectUri, null, "b1")).Reason);
        Assert.Equal(WebConnectRefusal.SessionNotValid, Assert.Throws<WebConnectException>(() => web.BeginWithSession("alter_cs_unknown", "slack", CoreWorld.RedirectUri, null, "b1")).Reason);
        Assert.Equal(WebConnectRefusal.ReturnUrlNotAllowed, Assert.Throws<WebConnectException>(() => web.BeginWithSession(session.Token, "slack", CoreWorld.RedirectUri, new Uri("https://evil.example/"), "b1")).Reason);

        // Another browser (binding) cannot complete it; the one that started it can, and the grant is the session's principal's.
        var (state, code) = await CoreWorld.ConsentAsync(web.BeginWithSession(session.Token, "slack", CoreWorld.RedirectUri, new Uri("https://spa.example/connected"), "browser-1"));
        Assert.Equal(WebConnectRefusal.OtherBrowser, (await Assert.ThrowsAsync<WebConnectException>(() => web.CompleteAsync(state, code, null, browserBinding: "browser-2"))).Reason);
        (state, code) = await CoreWorld.ConsentAsync(web.BeginWithSession(session.Token, "slack", CoreWorld.RedirectUri, new Uri("https://spa.example/connected"), "browser-1"));
        var result = await web.CompleteAsync(state, code, null, browserBinding: "browser-1");
        Assert.Equal(Ada, result.Owner);
        Assert.Equal(new Uri("https://spa.example/connected"), result.ReturnUrl);

        world.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(WebConnectRefusal.SessionNotValid, Assert.Throws<WebConnectException>(() => web.BeginWithSession(session.Token, "slack", CoreWorld.RedirectUri, null, "b1")).Reason);
    }
}
