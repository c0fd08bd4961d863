using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Alter.Typed.Identity.Tests.Support;

/// <summary>
/// A real token issuer on <c>http://127.0.0.1:&lt;random port&gt;</c>: it serves <c>/.well-known/openid-configuration</c>
/// and its JWK set at <c>/jwks</c>, and signs tokens with its keys. The test controls its keys (add, rotate, remove), can
/// take it down (503), counts every request it gets, and reads the time from the test's clock.
/// </summary>
internal sealed class TestIssuer : IAsyncDisposable
{
    public const string Audience = "api://alter-tests";
    public const string JwksPath = "/jwks";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<TestKey> _published = [];
    private int _requests, _jwksFetches, _discoveryFetches;

    private TestIssuer(WebApplication app, FakeTimeProvider time) => (_app, Time) = (app, time);

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> and the path it was started with (none by default): the <c>iss</c> of its tokens.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>What its discovery document names as issuer (default: <see cref="Issuer"/>).</summary>
    public string? AnnouncedIssuer { get; set; }

    public Uri JwksUri => new(Issuer.TrimEnd('/') + JwksPath);

    public FakeTimeProvider Time { get; }

    /// <summary>When true, the discovery document and the JWK set answer 503.</summary>
    public bool Down { get; set; }

    public int Requests => Volatile.Read(ref _requests);
    public int JwksFetches => Volatile.Read(ref _jwksFetches);
    public int DiscoveryFetches => Volatile.Read(ref _discoveryFetches);

    /// <summary>The key tokens are signed with unless a test says otherwise (published).</summary>
    public TestKey Key { get; private set; } = null!;

    /// <param name="time">The test's clock.</param>
    /// <param name="key">The key it signs with (default <see cref="TestKeys.Rsa1"/>).</param>
    /// <param name="path">Appended to the address to make the issuer, for example <c>/</c> or <c>/realms/app/</c>.</param>
    public static async Task<TestIssuer> StartAsync(FakeTimeProvider time, TestKey? key = null, string path = "")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var issuer = new TestIssuer(app, time);
        issuer.Publish(key ?? TestKeys.Rsa1);
        issuer.Key = key ?? TestKeys.Rsa1;

        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref issuer._requests);
            await next(context);
        });
        // Discovery 1.0: the issuer without its trailing slash, then the well-known path.
        app.MapGet(path.TrimEnd('/') + "/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref issuer._discoveryFetches);
            if (issuer.Down) return Results.StatusCode(503);
            return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = issuer.AnnouncedIssuer ?? issuer.Issuer,
                ["jwks_uri"] = issuer.JwksUri.ToString(),
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            }), "application/json");
        });
        app.MapGet(path.TrimEnd('/') + JwksPath, () =>
        {
            Interlocked.Increment(ref issuer._jwksFetches);
            if (issuer.Down) return Results.StatusCode(503);
            lock (issuer._lock)
                return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object> { ["keys"] = issuer._published.Select(k => k.PublicJwk()).ToArray() }), "application/json");
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        issuer.Issuer = address.TrimEnd('/') + path;
        return issuer;
    }

    /// <summary>Adds <paramref name="key"/> to the published JWK set.</summary>
    public void Publish(TestKey key)
    {
        lock (_lock) _published.Add(key);
    }

    /// <summary>Removes <paramref name="key"/> from the published JWK set.</summary>
    public void Retire(TestKey key)
    {
        lock (_lock) _published.Remove(key);
    }

    /// <summary>Key rotation: publishes <paramref name="next"/>, retires the current key, and signs with the new one from now on.</summary>
    public void Rotate(TestKey next)
    {
        Publish(next);
        Retire(Key);
        Key = next;
    }

    /// <summary>A validator that trusts this issuer (through discovery), on the test's clock.</summary>
    public JwtUserTokenValidator Validator(Action<JwtPrincipalOptions>? configure = null)
    {
        var options = new JwtPrincipalOptions { Authority = Issuer, TimeProvider = Time, Audiences = { Audience } };
        configure?.Invoke(options);
        return new JwtUserTokenValidator(options);
    }

    /// <summary>
    /// A token of this issuer: an RFC 9068 access token (<c>typ at+jwt</c>) for <see cref="Audience"/>, subject
    /// <c>alice</c>, valid 10 minutes from the test clock's now, signed with <see cref="Key"/> unless
    /// <paramref name="edit"/> changes any of it.
    /// </summary>
    public string Token(Action<SecurityTokenDescriptor>? edit = null)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "alice" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(Key.SecurityKey, Key.Algorithm),
        };
        edit?.Invoke(descriptor);
        // No default times: a test that removes exp gets a token without exp.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keys made once per test process (RSA key generation costs tens of milliseconds).</summary>
internal static class TestKeys
{
    public static readonly TestKey Rsa1 = TestKey.Rsa("rsa-1");
    public static readonly TestKey Rsa2 = TestKey.Rsa("rsa-2");
    public static readonly TestKey Other = TestKey.Rsa("other-issuer-1");
    public static readonly TestKey Attacker = TestKey.Rsa("attacker-1");
    public static readonly TestKey Ec1 = TestKey.EC("ec-1");

    /// <summary>The clock every test starts from.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
}
