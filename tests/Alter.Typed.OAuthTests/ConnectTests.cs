using System.Net;
using System.Text.Json;

namespace Alter.Typed.OAuthTests;

/// <summary>Connect against a real authorization server: authorization code + PKCE (S256) + state, then a call with the stored token.</summary>
public sealed class ConnectTests
{
    [Fact]
    public async Task Connect_with_code_PKCE_and_state_gives_a_grant_whose_token_reaches_the_protected_API()
    {
        await using var world = await OAuthWorld.StartAsync();
        var user = Principal.User("https://idp.test/", "user-1");
        var options = world.CreateOptions();
        options.PrincipalSource = _ => ValueTask.FromResult<Principal?>(user);       // the signed-in user, as a web app's would be
        await using var app = world.OpenApp(options);

        var result = (await app.Connect([OAuthWorld.ProviderId]))[0];                  // owned by whom calls act for: the user

        // The authorize request the runtime built: code flow, S256 challenge, a state, the loopback redirect.
        var authorize = Assert.Single(world.Browser.Opened);
        Assert.Equal("code", FakeBrowser.Query(authorize, "response_type"));
        Assert.Equal("S256", FakeBrowser.Query(authorize, "code_challenge_method"));
        Assert.Equal(43, FakeBrowser.Query(authorize, "code_challenge")!.Length);           // base64url of a SHA-256
        Assert.True(FakeBrowser.Query(authorize, "state")!.Length >= 32);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/callback$", FakeBrowser.Query(authorize, "redirect_uri"));
        Assert.Equal("api offline_access", FakeBrowser.Query(authorize, "scope"));
        Assert.Equal(1, world.Server.Counters.CodeExchanges);
        Assert.Equal(HttpStatusCode.OK, world.Browser.CallbackStatus);                     // the listener's "connected" page

        var grant = Assert.Single(app.ListGrants());
        Assert.Equal(result.GrantId, grant.Id);
        Assert.Equal(OAuthWorld.ProviderId, grant.Provider);
        Assert.Equal(user, grant.Owner);
        Assert.Equal(user, result.Owner);
        Assert.Equal(GrantStatus.Active, grant.Status);
        Assert.Contains("api", grant.Scopes);
        Assert.Equal((1, 1), world.VaultRows());

        using var response = await app.Request(HttpMethod.Get, "me", result.GrantId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(TestUser.Subject, body.RootElement.GetProperty("sub").GetString());
        Assert.Null(response.RequestMessage!.Headers.Authorization);                       // the token does not stay on the request
        Assert.Equal(0, world.Server.Counters.RefreshRequests);

        var audit = await app.Audit();
        var connect = Assert.Single(audit, r => r.Operation == "connect");
        Assert.Equal(("connected", result.GrantId, user.Key, world.Server.Authority), (connect.Outcome, connect.GrantId, connect.Principal, connect.Host));
        var call = Assert.Single(audit, r => r.Operation == "GET /api/me");
        Assert.Equal(("ok", 200, result.GrantId, false), (call.Outcome, call.Status, call.GrantId, call.TokenRefreshed));
    }
}
