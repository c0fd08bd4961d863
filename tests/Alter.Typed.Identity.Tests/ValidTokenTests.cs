namespace Alter.Typed.Identity.Tests;

/// <summary>Tokens that must become their user's principal.</summary>
public sealed class ValidTokenTests : IssuerTests
{
    [Fact]
    public async Task Valid_token_gives_the_user_of_its_issuer_and_subject()
    {
        var token = Issuer.Token(d => d.Claims["groups"] = new[] { "admins", "staff" });

        var user = await Validator.ValidateUserAsync(token);

        Assert.Equal(Principal.User(Issuer.Issuer, "alice"), user.Principal);
        Assert.Equal(PrincipalKind.User, user.Principal.Kind);
        Assert.Equal(new[] { "admins", "staff" }, user.Groups);
        Assert.Equal(Time.GetUtcNow().AddMinutes(10), user.ExpiresAt);
        Assert.Equal(user.Principal, await Validator.ValidateAsync(token));
        Assert.Equal((1, 1), (Issuer.DiscoveryFetches, Issuer.JwksFetches));   // cached after the first
    }

    [Fact]
    public async Task Single_group_as_a_string_and_no_groups_claim()
    {
        Assert.Equal(new[] { "staff" }, (await Validator.ValidateUserAsync(Issuer.Token(d => d.Claims["groups"] = "staff"))).Groups);
        Assert.Empty((await Validator.ValidateUserAsync(Issuer.Token())).Groups);
    }

    [Fact]
    public async Task User_id_claim_and_groups_claim_are_configurable()
    {
        using var validator = Issuer.Validator(o => (o.UserIdClaim, o.GroupsClaim) = ("oid", "roles"));
        var token = Issuer.Token(d => (d.Claims["oid"], d.Claims["roles"]) = ("0000-1111", new[] { "reader" }));

        var user = await validator.ValidateUserAsync(token);

        Assert.Equal("0000-1111", user.Principal.Subject);
        Assert.Equal(new[] { "reader" }, user.Groups);
    }

    [Fact]
    public async Task Ec_signed_token_is_accepted()
    {
        await using var ecIssuer = await TestIssuer.StartAsync(Time, TestKeys.Ec1);
        using var validator = ecIssuer.Validator();

        Assert.Equal("alice", (await validator.ValidateAsync(ecIssuer.Token())).Subject);
    }

    [Fact]
    public async Task Token_without_key_id_is_checked_against_the_published_keys()
    {
        var token = Issuer.Token(d => d.SigningCredentials = new(Issuer.Key.WithoutKeyId(), Issuer.Key.Algorithm));
        Assert.Equal("alice", (await Validator.ValidateAsync(token)).Subject);
    }

    [Fact]
    public async Task Expiry_within_the_clock_skew_is_accepted_and_just_beyond_it_refused()
    {
        var token = Issuer.Token();   // exp = now + 10 min; default skew 1 min

        Time.Advance(TimeSpan.FromMinutes(11) - TimeSpan.FromSeconds(1));
        Assert.Equal("alice", (await Validator.ValidateAsync(token)).Subject);

        Time.Advance(TimeSpan.FromSeconds(1));
        await Validator.AssertRefusedAsync(token, "expired");
    }

    [Fact]
    public async Task Not_before_within_the_clock_skew_is_accepted_and_just_beyond_it_refused()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var early = Issuer.Token(d => (d.NotBefore, d.Expires) = (now.AddSeconds(61), now.AddMinutes(10)));
        var justInside = Issuer.Token(d => (d.NotBefore, d.Expires) = (now.AddSeconds(60), now.AddMinutes(10)));

        await Validator.AssertRefusedAsync(early, "not_yet_valid");
        Assert.Equal("alice", (await Validator.ValidateAsync(justInside)).Subject);
    }

    [Fact]
    public async Task Zero_clock_skew_is_exact()
    {
        using var exact = Issuer.Validator(o => o.ClockSkew = TimeSpan.Zero);
        var token = Issuer.Token();

        Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal("alice", (await exact.ValidateAsync(token)).Subject);
        Time.Advance(TimeSpan.FromSeconds(1));
        await exact.AssertRefusedAsync(token, "expired");
    }

    [Fact]
    public async Task Same_subject_from_two_issuers_is_two_users()
    {
        await using var other = await TestIssuer.StartAsync(Time, TestKeys.Other);
        using var otherValidator = other.Validator();

        var ours = await Validator.ValidateAsync(Issuer.Token());
        var theirs = await otherValidator.ValidateAsync(other.Token());

        Assert.Equal(ours.Subject, theirs.Subject);
        Assert.NotEqual(ours, theirs);
        Assert.NotEqual(ours.Key, theirs.Key);
        // And neither validator accepts the other's token.
        await Validator.AssertRefusedAsync(other.Token(), "wrong_issuer");
        await otherValidator.AssertRefusedAsync(Issuer.Token(), "wrong_issuer");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/realms/app")]
    [InlineData("/realms/app/")]
    public async Task Issuer_with_a_path_or_a_trailing_slash_is_matched_exactly(string path)
    {
        await using var issuer = await TestIssuer.StartAsync(Time, TestKeys.Rsa2, path);
        using var validator = issuer.Validator();

        Assert.Equal(issuer.Issuer, (await validator.ValidateAsync(issuer.Token())).Issuer);
        var variant = issuer.Issuer.EndsWith('/') ? issuer.Issuer.TrimEnd('/') : issuer.Issuer + "/";
        await validator.AssertRefusedAsync(issuer.Token(d => d.Issuer = variant), "wrong_issuer");
        Assert.Equal((1, 1), (issuer.DiscoveryFetches, issuer.JwksFetches));
    }

    [Fact]
    public async Task Explicit_issuer_and_jwks_uri_work_without_discovery()
    {
        using var validator = new JwtUserTokenValidator(new JwtPrincipalOptions
        {
            Issuer = Issuer.Issuer,
            JwksUri = Issuer.JwksUri,
            Audiences = { TestIssuer.Audience },
            TimeProvider = Time,
        });

        Assert.Equal("alice", (await validator.ValidateAsync(Issuer.Token())).Subject);
        Assert.Equal((0, 1), (Issuer.DiscoveryFetches, Issuer.JwksFetches));
    }

    [Fact]
    public async Task Any_one_of_several_audiences_is_enough()
    {
        using var validator = Issuer.Validator(o => o.Audiences.Add("api://second"));
        var token = Issuer.Token(d => (d.Audience, d.Claims["aud"]) = (null, new[] { "api://unrelated", "api://second" }));

        Assert.Equal("alice", (await validator.ValidateAsync(token)).Subject);
    }
}
