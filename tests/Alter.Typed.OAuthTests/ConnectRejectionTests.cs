using System.Net;

namespace Alter.Typed.OAuthTests;

/// <summary>
/// Every way the browser leg can go wrong ends in a <see cref="ConnectException"/> that says what happened, leaks no code
/// or token, and leaves nothing stored: no grant, no token set in the vault.
/// </summary>
public sealed class ConnectRejectionTests
{
    [Fact]
    public async Task Redirect_with_a_forged_state_is_refused_and_the_code_is_never_exchanged()
    {
        // The listener answers the forged redirect 400 and keeps waiting for the real one, which never comes here.
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp(world.CreateOptions(connectTimeout: TimeSpan.FromSeconds(2)));
        world.Browser.RewriteCallback = (redirect, _) => FakeBrowser.WithQuery(redirect, "state", "forged-by-an-attacker-0123456789abcdef");

        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect([OAuthWorld.ProviderId]));

        Assert.Contains("timed out after 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 request(s) arrived with a state this Connect did not issue", error.Message, StringComparison.Ordinal);
        Assert.Contains("CSRF", error.Message, StringComparison.Ordinal);
        Assert.Single(world.Browser.CodesSeen);                                        // the server did issue a code…
        Assert.Equal(0, world.Server.Counters.TokenRequests);                          // …that the runtime never redeemed
        Assert.Equal(HttpStatusCode.BadRequest, world.Browser.CallbackStatus);         // the listener's "not this flow" page
        AssertNothingStored(world, app, error);
    }

    [Fact]
    public async Task A_local_page_hitting_the_callback_first_cannot_abort_the_Connect()
    {
        // Any page the person has open can send requests to 127.0.0.1:<port>: it tries a forged state, no state, and an
        // error with no state, before the real redirect arrives. Each gets 400; the real flow then completes.
        await using var world = await OAuthWorld.StartAsync();
        using var attacker = new HttpClient();
        var attempts = new List<HttpStatusCode>();
        var options = world.CreateOptions(openBrowser: async (authorize, cancellationToken) =>
        {
            var callback = FakeBrowser.Query(authorize, "redirect_uri")!;
            foreach (var query in new[] { "?code=attacker-code&state=forged-0123456789abcdef0123456789", "?code=attacker-code", "?error=access_denied", "?state=&error=access_denied" })
            {
                using var response = await attacker.GetAsync(callback + query, cancellationToken);
                attempts.Add(response.StatusCode);
            }
            await world.Browser.OpenAsync(authorize, cancellationToken);
        });
        await using var app = world.OpenApp(options);

        var result = (await app.Connect([OAuthWorld.ProviderId]))[0];

        Assert.All(attempts, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(4, attempts.Count);
        Assert.Equal(HttpStatusCode.OK, world.Browser.CallbackStatus);
        Assert.Equal(1, world.Server.Counters.CodeExchanges);                          // only the real code was redeemed
        Assert.Equal(result.GrantId, Assert.Single(app.ListGrants()).Id);
        Assert.Equal((1, 1), world.VaultRows());
    }

    [Fact]
    public async Task Server_denying_the_authorization_gives_a_ConnectException_naming_the_error()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp();

        // The test user refuses this scope: OpenIddict redirects back with error=access_denied and the right state.
        var error = await Assert.ThrowsAsync<ConnectException>(() =>
            app.Connect([OAuthWorld.ProviderId], new ConnectOptions { Scopes = [TestClientRegistration.ApiScope, TestUser.RefusedScope] }));

        var redirect = Assert.Single(world.Browser.ServerRedirects);
        Assert.Equal("access_denied", FakeBrowser.Query(redirect, "error"));
        Assert.Equal(FakeBrowser.Query(world.Browser.Opened[0], "state"), FakeBrowser.Query(redirect, "state"));
        Assert.Contains("did not authorize", error.Message, StringComparison.Ordinal);
        Assert.Contains("access_denied", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Server.Counters.TokenRequests);
        AssertNothingStored(world, app, error);
    }

    [Fact]
    public async Task Error_redirect_carrying_the_right_state_gives_a_ConnectException_naming_the_error()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp();
        world.Browser.RewriteCallback = (redirect, redirectUri) =>
            new Uri($"{redirectUri}?error=access_denied&error_description=User%20said%20no&state={Uri.EscapeDataString(FakeBrowser.Query(redirect, "state")!)}");

        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect([OAuthWorld.ProviderId]));

        Assert.Contains("access_denied: User said no", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Server.Counters.TokenRequests);
        AssertNothingStored(world, app, error);
    }

    [Fact]
    public async Task Code_issued_for_another_redirect_uri_is_refused_at_the_token_endpoint()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp();
        // The authorize request goes out with another loopback port (accepted: RFC 8252 port variance), so the code is
        // bound to that redirect URI; the code then reaches the runtime's listener, which redeems it with its own.
        var elsewhere = new Uri("http://127.0.0.1:9/callback");
        world.Browser.RewriteAuthorizeRequest = authorize => FakeBrowser.WithQuery(authorize, "redirect_uri", elsewhere.ToString());
        world.Browser.RewriteCallback = (redirect, redirectUri) => FakeBrowser.WithAuthority(redirect, redirectUri);

        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect([OAuthWorld.ProviderId]));

        Assert.Equal(elsewhere.Authority, Assert.Single(world.Browser.ServerRedirects).Authority);
        var refusal = Assert.Single(world.Server.Issued.TokenResponses);
        Assert.Equal("invalid_grant", refusal.Error);
        Assert.EndsWith("ID2072", refusal.ErrorUri, StringComparison.Ordinal);       // redirect_uri differs from the code's
        Assert.Contains("refused the authorization code (invalid_grant", error.Message, StringComparison.Ordinal);
        AssertNothingStored(world, app, error);
    }

    [Fact]
    public async Task Unregistered_redirect_uri_is_refused_at_authorize_and_Connect_times_out_clearly()
    {
        // The client registered another callback path: OpenIddict answers the authorize request with a 400 page and no
        // redirect (ID2043), so the browser never comes back and Connect gives up after its timeout.
        await using var world = await OAuthWorld.StartAsync(new TestServerOptions { RedirectUris = ["http://127.0.0.1/oauth/other-callback"] });
        await using var app = world.OpenApp(world.CreateOptions(connectTimeout: TimeSpan.FromSeconds(2)));

        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect([OAuthWorld.ProviderId]));

        var (status, page) = Assert.NotNull(world.Browser.StoppedAt);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("ID2043", page, StringComparison.Ordinal);
        Assert.Empty(world.Browser.ServerRedirects);
        Assert.Contains("timed out after 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Server.Counters.TokenRequests);
        AssertNothingStored(world, app, error);
    }

    [Fact]
    public async Task Replayed_authorization_code_is_refused_and_nothing_new_is_stored()
    {
        await using var world = await OAuthWorld.StartAsync();
        await using var app = world.OpenApp();
        var first = (await app.Connect([OAuthWorld.ProviderId]))[0];
        var usedCode = Assert.Single(world.Browser.CodesSeen);

        // Second Connect: the browser delivers the already-redeemed code, with this Connect's (valid) state.
        world.Browser.RewriteCallback = (redirect, _) => FakeBrowser.WithQuery(redirect, "code", usedCode);
        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect([OAuthWorld.ProviderId]));

        var refusal = world.Server.Issued.TokenResponses[^1];
        Assert.Equal(("authorization_code", "invalid_grant"), (refusal.GrantType, refusal.Error));
        Assert.EndsWith("ID2010", refusal.ErrorUri, StringComparison.Ordinal);       // code already redeemed
        Assert.Contains("refused the authorization code (invalid_grant", error.Message, StringComparison.Ordinal);
        world.AssertNoSecretIn(error.Message);
        Assert.Equal(first.GrantId, Assert.Single(app.ListGrants()).Id);              // only the first Connect's grant
        Assert.Equal((1, 1), world.VaultRows());
        Assert.Single(world.Server.Issued.SuccessfulTokenResponses);
        Assert.Single(await app.Audit(), r => r.Operation == "connect");

        // OpenIddict also revokes what the replayed code had issued (the code may have been stolen): the first grant
        // is dead at the server, and the runtime reports it as such instead of failing obscurely.
        var reauth = await Assert.ThrowsAsync<ReauthRequiredException>(() => app.Request(HttpMethod.Get, "me", first.GrantId));
        world.AssertNoSecretIn(reauth.Message);
        Assert.Equal(GrantStatus.ReauthRequired, Assert.Single(app.ListGrants()).Status);
    }

    private static void AssertNothingStored(OAuthWorld world, TestApp app, ConnectException error)
    {
        world.AssertNoSecretIn(error.Message);
        Assert.Empty(app.ListGrants());
        Assert.Equal((0, 0), world.VaultRows());
        Assert.Empty(world.Server.Issued.SuccessfulTokenResponses);
    }
}
