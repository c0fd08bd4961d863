namespace Alter.Typed.Identity.Tests;

/// <summary>Options that would make the validator unsafe or useless are refused when it is created, naming the setting.</summary>
public sealed class JwtPrincipalOptionsTests
{
    [Fact]
    public void Defaults_with_an_authority_and_an_audience_are_valid()
    {
        var options = Valid();
        options.Validate();
        Assert.Equal(new[] { "RS256", "RS384", "RS512", "PS256", "ES256", "ES384" }, options.Algorithms);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ClockSkew);
        Assert.Equal("sub", options.UserIdClaim);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("HS512")]
    [InlineData("rs256")]
    public void Unsafe_algorithms_are_refused(string algorithm)
    {
        var options = Valid();
        options.Algorithms.Add(algorithm);
        Assert.Contains($"'{algorithm}' is not allowed", Refused(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Audience_is_required()
    {
        var options = Valid();
        options.Audiences.Clear();
        Assert.Contains("Audiences", Refused(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Authority_or_issuer_with_jwks_uri_exactly_one_of_them()
    {
        var none = Valid();
        none.Authority = null;
        Assert.Contains("either Authority", Refused(none), StringComparison.Ordinal);

        var both = Valid();
        both.Issuer = "https://login.example.com/";
        Assert.Contains("either Authority", Refused(both), StringComparison.Ordinal);

        var issuerOnly = Valid();
        (issuerOnly.Authority, issuerOnly.Issuer) = (null, "https://login.example.com/");
        Assert.Contains("Issuer needs JwksUri", Refused(issuerOnly), StringComparison.Ordinal);

        var jwksOnly = Valid();
        (jwksOnly.Authority, jwksOnly.JwksUri) = (null, new Uri("https://login.example.com/keys"));
        Assert.Contains("JwksUri needs Issuer", Refused(jwksOnly), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://login.example.com/")]
    [InlineData("ftp://login.example.com/")]
    [InlineData("login.example.com")]
    [InlineData("https://login.example.com/?tenant=1")]
    public void Authority_must_be_an_https_url(string authority)
    {
        var options = Valid();
        options.Authority = authority;
        Assert.Contains("Authority must", Refused(options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]:5000")]
    public void Http_is_allowed_on_loopback(string authority)
    {
        var options = Valid();
        options.Authority = authority;
        options.Validate();
    }

    [Fact]
    public void Http_elsewhere_needs_require_https_metadata_off()
    {
        var options = Valid();
        (options.Authority, options.RequireHttpsMetadata) = ("http://keycloak:8080/realms/app", false);
        options.Validate();
    }

    [Fact]
    public void Intervals_and_sizes_are_checked()
    {
        var skew = Valid();
        skew.ClockSkew = TimeSpan.FromHours(1);
        Assert.Contains("ClockSkew", Refused(skew), StringComparison.Ordinal);

        var refresh = Valid();
        refresh.JwksRefreshInterval = TimeSpan.Zero;
        Assert.Contains("JwksRefreshInterval", Refused(refresh), StringComparison.Ordinal);

        var auto = Valid();
        auto.JwksAutoRefresh = TimeSpan.FromMinutes(1);
        Assert.Contains("JwksAutoRefresh", Refused(auto), StringComparison.Ordinal);

        var size = Valid();
        size.MaxTokenLength = 10;
        Assert.Contains("MaxTokenLength", Refused(size), StringComparison.Ordinal);

        var claim = Valid();
        claim.UserIdClaim = " ";
        Assert.Contains("UserIdClaim", Refused(claim), StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_checks_its_options()
    {
        var options = Valid();
        options.Algorithms.Add("HS256");
        Assert.Throws<ArgumentException>(() => new JwtUserTokenValidator(options));
    }

    private static JwtPrincipalOptions Valid() => new() { Authority = "https://login.example.com/", Audiences = { "api://app" } };

    private static string Refused(JwtPrincipalOptions options) => Assert.Throws<ArgumentException>(options.Validate).Message;
}
