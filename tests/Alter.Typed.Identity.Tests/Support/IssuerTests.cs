namespace Alter.Typed.Identity.Tests.Support;

/// <summary>The fixture of most tests here: a clock, one issuer on loopback, and a validator that trusts it (defaults).</summary>
public abstract class IssuerTests : IAsyncLifetime
{
    private protected FakeTimeProvider Time { get; } = TestKeys.Clock();

    private protected TestIssuer Issuer { get; private set; } = null!;

    private protected JwtUserTokenValidator Validator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync(Time);
        Validator = Issuer.Validator();
    }

    public async Task DisposeAsync()
    {
        Validator.Dispose();
        await Issuer.DisposeAsync();
    }
}
