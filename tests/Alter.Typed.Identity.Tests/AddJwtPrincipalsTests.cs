using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alter.Typed.Identity.Tests;

/// <summary><c>services.AddAlter().AddJwtPrincipals(...)</c>: the app's options get a JWT validator on the app's clock.</summary>
public sealed class AddJwtPrincipalsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = TestKeys.Clock();
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync(_time);

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task Registration_sets_the_apps_user_token_validator_on_the_apps_clock()
    {
        var services = new ServiceCollection();
        // What the generated AddAlter(o => ...) does for options, then returns.
        services.Configure<AlterOptions>(o => o.TimeProvider = _time);
        var builder = AlterServiceCollectionExtensions.AlterBuilder(services);

        Assert.Same(builder, builder.AddJwtPrincipals(o =>
        {
            o.Authority = _issuer.Issuer;
            o.Audiences.Add(TestIssuer.Audience);
        }));
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AlterOptions>>().Value;

        var validator = Assert.IsType<JwtUserTokenValidator>(options.UserTokenValidator);
        Assert.Equal(_issuer.Issuer, validator.Issuer);
        // The test clock is months before the machine's: the token validates only on the app's clock.
        var token = _issuer.Token();
        Assert.Equal(Principal.User(_issuer.Issuer, "alice"), await options.UserTokenValidator!.ValidateAsync(token));
        _time.Advance(TimeSpan.FromHours(1));
        await validator.AssertRefusedAsync(token, "expired");
    }

    [Fact]
    public async Task Bad_options_fail_when_the_apps_options_are_resolved()
    {
        var services = new ServiceCollection();
        AlterServiceCollectionExtensions.AlterBuilder(services).AddJwtPrincipals(o => o.Authority = _issuer.Issuer);   // no audience
        await using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IOptions<AlterOptions>>().Value);
        Assert.Contains("Audiences", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validator_set_in_code_as_well_is_refused()
    {
        var services = new ServiceCollection();
        using var own = _issuer.Validator();
        services.Configure<AlterOptions>(o => o.UserTokenValidator = own);
        AlterServiceCollectionExtensions.AlterBuilder(services).AddJwtPrincipals(o =>
        {
            o.Authority = _issuer.Issuer;
            o.Audiences.Add(TestIssuer.Audience);
        });
        await using var provider = services.BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<AlterOptions>>().Value);
    }

    [Fact]
    public async Task The_validator_is_disposed_with_the_container()
    {
        var services = new ServiceCollection();
        AlterServiceCollectionExtensions.AlterBuilder(services).AddJwtPrincipals(o =>
        {
            (o.Authority, o.TimeProvider) = (_issuer.Issuer, _time);
            o.Audiences.Add(TestIssuer.Audience);
        });
        var provider = services.BuildServiceProvider();
        var validator = (JwtUserTokenValidator)provider.GetRequiredService<IOptions<AlterOptions>>().Value.UserTokenValidator!;
        await validator.ValidateAsync(_issuer.Token());

        await provider.DisposeAsync();

        // Its HTTP client is gone: a fetch (forced by a new key id after the interval) fails as an object disposed.
        _time.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(async () => await validator.ValidateAsync(_issuer.Token(d => d.SigningCredentials = new(TestKeys.Rsa2.SecurityKey, TestKeys.Rsa2.Algorithm))));
    }
}
