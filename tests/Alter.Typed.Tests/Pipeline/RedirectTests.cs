using System.Security.Cryptography;
using Xunit;

namespace Alter.Typed.Tests.Pipeline;

/// <summary>
/// Tried as an attacker would: a provider host answers 302/307 to another host (a real server on 127.0.0.1). The
/// credential, in whichever place the provider puts it, never reaches that host, and the audit row says why.
/// </summary>
public sealed class RedirectTests
{
    private sealed class CustomApp(string apiKey, AlterOptions options, params ProviderDescriptor[] providers) : AlterApp(apiKey, options, providers);

    private static (AlterOptions Options, string ApiKey) NewStore()
    {
        var directory = Path.Combine(Path.GetTempPath(), "alter-tests-" + Guid.NewGuid().ToString("N"));
        var options = new AlterOptions { DatabasePath = Path.Combine(directory, "alter.db"), VaultKey = RandomNumberGenerator.GetBytes(32) };
        var admin = AlterAdmin.Open(options);
        admin.CreateApp("tests");
        return (options, admin.MintKey("tests").ApiKey);
    }

    private static ProviderDescriptor Acme(LoopbackHost host, AuthKind kind, TokenPlacement placement) => new()
    {
        Id = "acme",
        Name = "Acme",
        Auth = new ProviderAuth { Kind = kind, Token = placement },
        Api = new ProviderApi { BaseUrl = host.BaseUri.ToString(), AllowedHosts = [host.Authority] },
    };

    public static TheoryData<string, AuthKind, TokenPlacement> Placements => new()
    {
        { "bearer header", AuthKind.Bearer, TokenPlacement.BearerHeader },
        { "custom header", AuthKind.ApiKey, new TokenPlacement("header", "X-Api-Key", "") },
        { "query parameter", AuthKind.ApiKey, new TokenPlacement("query", "api_key", "") },
    };

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task A_redirect_to_a_foreign_host_is_not_followed_and_the_credential_stays_home(string placementName, AuthKind kind, TokenPlacement placement)
    {
        await using var foreign = new LoopbackHost(_ => (200, null, """{"ok":true}"""));
        await using var provider = new LoopbackHost(_ => (302, new Uri(foreign.BaseUri, "collect").ToString(), ""));
        var (options, apiKey) = NewStore();
        await using var app = new CustomApp(apiKey, options, Acme(provider, kind, placement));
        var secret = "sekrit-" + Guid.NewGuid().ToString("N");
        var grant = app.SaveCredential("acme", secret);

        var error = await Assert.ThrowsAsync<RedirectNotAllowedException>(() => app.Request(HttpMethod.Get, "things", grant.Id));

        Assert.Equal(foreign.Authority, error.Host);
        Assert.Empty(foreign.Requests);                                        // nothing at all went there
        Assert.Contains(secret, provider.Everything);                          // the provider's own host did get it ({placementName})
        var row = (await app.Audit()).First(r => r.Operation == "GET /things");
        Assert.Equal("denied:redirect_host_not_allowed", row.Outcome);
        Assert.Equal(302, row.Status);
        Assert.Equal(provider.Authority, row.Host);
        Assert.DoesNotContain(secret, error.Message);
        _ = placementName;
    }

    [Fact]
    public async Task A_redirect_within_the_providers_hosts_is_followed_with_the_credential_and_each_hop_is_audited()
    {
        var secret = "sekrit-" + Guid.NewGuid().ToString("N");
        LoopbackHost? self = null;
        await using var provider = self = new LoopbackHost(r => r.Url!.AbsolutePath == "/things"
            ? (307, new Uri(self!.BaseUri, "moved").ToString(), "")
            : (200, null, """{"moved":true}"""));
        var (options, apiKey) = NewStore();
        await using var app = new CustomApp(apiKey, options, Acme(provider, AuthKind.ApiKey, new TokenPlacement("header", "X-Api-Key", "")));
        var grant = app.SaveCredential("acme", secret);

        using var response = await app.Request(HttpMethod.Get, "things", grant.Id);

        Assert.Equal("""{"moved":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(["/things", "/moved"], provider.Requests.Select(r => new Uri(r.Url).AbsolutePath));
        Assert.All(provider.Requests, r => Assert.Equal(secret, r.Headers["X-Api-Key"]));
        Assert.False(response.RequestMessage!.Headers.Contains("X-Api-Key"));
        var rows = (await app.Audit()).Where(r => r.Operation == "GET /things").Select(r => r.Outcome).ToList();
        Assert.Contains("ok", rows);
        Assert.Contains("redirect:" + provider.Authority, rows);
    }

    [Fact]
    public async Task A_token_endpoint_that_answers_307_to_a_foreign_host_gets_no_refresh_token_and_no_client_secret_there()
    {
        await using var foreign = new LoopbackHost(_ => (200, null, """{"access_token":"stolen","token_type":"bearer","expires_in":3600}"""));
        await using var redirector = new LoopbackHost(_ => (307, new Uri(foreign.BaseUri, "token").ToString(), ""));
        await using var world = await TestWorld.StartAsync();
        world.Options.Providers["slack"].RefreshUrl = new Uri(redirector.BaseUri, "refresh").ToString();
        await using var app = world.OpenApp();
        await app.Connect(["slack"]);
        world.Sandbox.State.ExpireAccessTokens("slack");

        var error = await Assert.ThrowsAnyAsync<AlterException>(() => app.Slack.Auth.Test());

        Assert.True(error is TokenRefreshException or ReauthRequiredException, error.GetType().Name);
        Assert.NotEmpty(redirector.Requests);                                   // the refresh was tried at the (redirecting) endpoint
        Assert.Empty(foreign.Requests);                                         // and never re-sent elsewhere
        var secret = world.Options.Providers["slack"].ClientSecret!;
        Assert.Contains(secret, redirector.Everything);
        foreach (var token in world.SecretsSeen()) Assert.DoesNotContain(token, foreign.Everything);
        var row = (await app.Audit()).First(r => r.Operation == "auth.test");
        Assert.True(row.Outcome is "error:token_refresh_failed" or "reauth_required", row.Outcome);
    }
}

/// <summary>A provider that echoes the credential in its error text: it reaches no exception, audit row or log.</summary>
public sealed class EchoedCredentialTests
{
    private sealed class CustomApp(string apiKey, AlterOptions options, params ProviderDescriptor[] providers) : AlterApp(apiKey, options, providers);

    private static readonly Principal Alice = Principal.User("https://idp.test/", "alice");
    private static readonly Principal Bob = Principal.User("https://idp.test/", "bob");

    private sealed class OnlyAlice : Alter.Typed.Http.ICallPolicy
    {
        public ValueTask EvaluateAsync(Alter.Typed.Http.CallContext context, CancellationToken cancellationToken)
            => context.Principal == Alice ? default : throw new PolicyDeniedException($"Only alice may call {context.Provider.Name}.", "only-alice");
    }

    [Fact]
    public async Task An_error_body_echoing_the_key_is_redacted_in_the_exception_and_the_audit_row()
    {
        var secret = "sekrit-" + Guid.NewGuid().ToString("N");
        await using var provider = new LoopbackHost(r => (400, null, $$"""{"error":"invalid key {{r.Headers["X-Api-Key"]}}","key":"{{r.Headers["X-Api-Key"]}}"}"""));
        var directory = Path.Combine(Path.GetTempPath(), "alter-tests-" + Guid.NewGuid().ToString("N"));
        var options = new AlterOptions { DatabasePath = Path.Combine(directory, "alter.db"), VaultKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) };
        options.Policies.Add(new OnlyAlice());
        Principal? signedIn = null;                                                // the web request's user, as the ASP.NET Core integration would set it
        options.PrincipalSource = _ => ValueTask.FromResult(signedIn);
        var admin = AlterAdmin.Open(options);
        admin.CreateApp("tests");
        var descriptor = new ProviderDescriptor
        {
            Id = "acme", Name = "Acme",
            Auth = new ProviderAuth { Kind = AuthKind.ApiKey, Token = new TokenPlacement("header", "X-Api-Key", "") },
            Api = new ProviderApi { BaseUrl = provider.BaseUri.ToString(), AllowedHosts = [provider.Authority] },
            Errors = new ProviderErrorConvention { CodeProperty = "error" },
        };
        await using var app = new CustomApp(admin.MintKey("tests").ApiKey, options, descriptor);
        var alice = app.SaveCredential("acme", secret, owner: Alice);
        var bob = app.SaveCredential("acme", secret, owner: Bob);

        signedIn = Alice;
        using var response = await app.Request(HttpMethod.Get, "things", alice.Id);
        signedIn = Bob;
        var denied = await Assert.ThrowsAsync<PolicyDeniedException>(() => app.Request(HttpMethod.Get, "things", bob.Id));

        Assert.Contains(secret, provider.Everything);                              // the provider did echo it
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, body);
        Assert.Contains("[redacted]", body);
        Assert.Single(provider.Requests);                                          // bob's call was never sent
        Assert.Equal("only-alice", denied.Rule);
        var rows = await app.Audit();
        Assert.DoesNotContain(rows, r => r.ToString().Contains(secret, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Outcome == "provider_error:invalid key [redacted]" && r.Principal == Alice.Key);
        Assert.Contains(rows, r => r.Outcome == "denied:policy:only-alice" && r.Principal == Bob.Key && r.Status == 0);
    }
}
