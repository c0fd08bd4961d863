namespace Alter.Typed.Identity.Tests;

/// <summary>Access tokens from a real OpenID Connect server, through its own discovery document and JWK set.</summary>
public sealed class OpenIddictInteropTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = TestKeys.Clock();
    private OpenIddictIssuer _server = null!;

    public async Task InitializeAsync() => _server = await OpenIddictIssuer.StartAsync(_time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task OpenIddict_access_token_gives_its_user_and_expires_on_the_shared_clock()
    {
        using var validator = Validator(_server.BaseUri.ToString());
        var token = await _server.AccessTokenAsync();

        var user = await validator.ValidateUserAsync(token);

        Assert.Equal(Principal.User(_server.BaseUri.ToString(), "alice"), user.Principal);
        Assert.Equal(new[] { "staff" }, user.Groups);
        Assert.True(user.ExpiresAt > _time.GetUtcNow());
        _time.Advance(user.ExpiresAt - _time.GetUtcNow() + TimeSpan.FromMinutes(1));
        await validator.AssertRefusedAsync(token, "expired");
    }

    [Fact]
    public async Task Authority_without_the_issuers_trailing_slash_is_another_issuer()
    {
        using var validator = Validator(_server.BaseUri.ToString().TrimEnd('/'));

        var refused = await validator.AssertRefusedAsync(await _server.AccessTokenAsync(), "wrong_issuer");
        Assert.Contains("trailing slash", refused.Message, StringComparison.Ordinal);
    }

    private JwtUserTokenValidator Validator(string authority) => new(new JwtPrincipalOptions
    {
        Authority = authority,
        Audiences = { TestIssuer.Audience },
        RequireAccessTokenType = true,
        TimeProvider = _time,
    });
}
