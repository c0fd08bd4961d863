using System.Net;
using System.Text;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>RevokeGrant tells the provider in its own way; static credentials are stored write-only and injected as described.</summary>
public class RevocationAndCredentialTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    [Theory]
    [InlineData("slack")]   // auth.revoke with the token as bearer
    [InlineData("github")]  // DELETE /applications/{client_id}/token with basic client auth
    public async Task RevokeGrant_revokes_at_the_provider_deletes_the_tokens_and_audits(string provider)
    {
        await using var world = await TestWorld.StartAsync(Store);
        await using var app = world.OpenApp();
        var grantId = (await app.Connect([provider]))[0].GrantId;
        var token = world.Wire.IssuedTokens.First();

        Assert.True(await app.RevokeGrant(grantId));

        Assert.Empty(app.ListGrants(provider));
        Assert.False(await app.RevokeGrant(grantId));
        var row = (await app.Audit()).First();
        Assert.Equal(("grant.revoke", "revoked", grantId), (row.Operation, row.Outcome, row.GrantId));
        // The provider no longer accepts the token.
        using var probe = new HttpClient();
        var api = world.Sandbox.Provider(provider).ApiBaseUrl + (provider == "slack" ? "auth.test" : "user");
        using var request = new HttpRequestMessage(HttpMethod.Get, api) { Headers = { Authorization = new("Bearer", token) } };
        using var response = await probe.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized || body.Contains("\"ok\":false"), body);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("github")]
    public async Task An_unreachable_revocation_endpoint_is_a_RevocationFailedException_and_the_grant_is_kept(string provider)
    {
        await using var world = await TestWorld.StartAsync(Store);
        string grantId;
        await using (var connecting = world.OpenApp()) grantId = (await connecting.Connect([provider]))[0].GrantId;
        var closedPort = ClosedLoopbackPort();
        var settings = world.Options.Providers[provider];
        world.Options.Providers[provider] = new ProviderSettings
        {
            ClientId = settings.ClientId, ClientSecret = settings.ClientSecret, AuthorizationUrl = settings.AuthorizationUrl, TokenUrl = settings.TokenUrl,
            ApiBaseUrl = settings.ApiBaseUrl, AllowedHosts = settings.AllowedHosts,
            RevocationUrl = $"http://127.0.0.1:{closedPort}/revoke" + (provider == "github" ? "/{client_id}" : ""),
        };
        await using var app = world.OpenApp();

        var e = await Assert.ThrowsAsync<RevocationFailedException>(() => app.RevokeGrant(grantId));

        Assert.Equal(0, e.Status);
        Assert.Contains($"127.0.0.1:{closedPort}", e.Message, StringComparison.Ordinal);
        Assert.Contains("The grant was kept", e.Message, StringComparison.Ordinal);
        Assert.All(world.Wire.IssuedTokens, token => Assert.DoesNotContain(token, e.Message, StringComparison.Ordinal));
        Assert.NotNull(app.GetGrant(grantId));
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;   // closed again when disposed: connections are refused
    }

    [Fact]
    public async Task A_bearer_credential_is_stored_encrypted_and_injected_with_the_described_prefix()
    {
        await using var world = await TestWorld.StartAsync(Store);
        string pat;
        await using (var oauthApp = world.OpenApp())
        {
            await oauthApp.Connect(["github"]);
            pat = world.Wire.IssuedTokens.First(t => t.StartsWith("gho_", StringComparison.Ordinal));
        }
        var descriptor = new ProviderDescriptor
        {
            Id = "github-pat", Name = "GitHub (token)",
            Auth = new ProviderAuth { Kind = AuthKind.Bearer, Token = new TokenPlacement("header", "Authorization", "token ") },
            Api = new ProviderApi { BaseUrl = world.Sandbox.Provider("github").ApiBaseUrl, AllowedHosts = [world.Sandbox.Provider("github").Authority], JsonNaming = "snake_case" },
            Errors = new ProviderErrorConvention { CodeProperty = "message" },
        };
        await using var app = new CustomApp(world.ApiKey, world.Options, descriptor);

        var grant = app.SaveCredential("github-pat", pat);
        using var response = await app.Request(HttpMethod.Get, "user", grant.Id);

        response.EnsureSuccessStatusCode();
        Assert.Equal("token " + pat, world.Wire.Sent.Last().Authorization);
        Assert.Null(response.RequestMessage!.Headers.Authorization);
        Assert.Equal(Principal.ForApp(app.Info.Id), grant.Owner);                 // a system credential: the app's own
        Assert.Contains(await app.Audit(), r => r.Operation == "credential.save" && r.GrantId == grant.Id);
        world.AssertNotStored(pat);
    }

    [Fact]
    public async Task A_basic_credential_goes_out_as_an_Authorization_Basic_header_and_OAuth_providers_refuse_static_ones()
    {
        await using var world = await TestWorld.StartAsync(Store);
        var descriptor = new ProviderDescriptor
        {
            Id = "basic-api", Name = "Basic API",
            Auth = new ProviderAuth { Kind = AuthKind.Basic },
            Api = new ProviderApi { BaseUrl = world.Sandbox.Provider("github").ApiBaseUrl, AllowedHosts = [world.Sandbox.Provider("github").Authority] },
        };
        await using var app = new CustomApp(world.ApiKey, world.Options, descriptor);
        var grant = app.SaveCredential("basic-api", "user:s3cret");

        await Assert.ThrowsAsync<ReauthRequiredException>(() => app.Request(HttpMethod.Get, "user", grant.Id)); // the sandbox does not take basic auth: 401

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:s3cret")), world.Wire.Sent.Last().Authorization);
        Assert.Contains("user:password", Assert.Throws<AlterException>(() => app.SaveCredential("basic-api", "no-colon")).Message);
        await using var typed = world.OpenApp();
        Assert.Contains("Connect", Assert.Throws<AlterException>(() => typed.SaveCredential("slack", "fake-static-credential")).Message);
    }

    private sealed class CustomApp(string apiKey, AlterOptions options, ProviderDescriptor provider) : AlterApp(apiKey, options, [provider]);
}
