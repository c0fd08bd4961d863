using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Alter.Typed.Identity.Tests;

/// <summary>Tokens that must never become a principal, each refused with its reason against a real issuer on loopback.</summary>
public sealed class RefusalTests : IssuerTests
{
    [Fact]
    public async Task Unsigned_token_alg_none_is_refused_without_fetching_keys()
    {
        var valid = Issuer.Token();
        var parts = valid.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");
        var unsigned = $"{header}.{parts[1]}.";

        var refused = await Validator.AssertRefusedAsync(unsigned, "algorithm_not_allowed");
        Assert.Contains("alg none", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Issuer.Requests);
    }

    [Fact]
    public async Task Hmac_signed_with_the_issuers_public_key_is_refused()
    {
        // Key confusion: HS256 keyed with the bytes of the issuer's RSA public key, naming the issuer's kid.
        var forged = Issuer.Token(d => d.SigningCredentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Issuer.Key.PublicKeyPem())) { KeyId = Issuer.Key.KeyId }, SecurityAlgorithms.HmacSha256));

        var refused = await Validator.AssertRefusedAsync(forged, "algorithm_not_allowed");
        Assert.Contains("HS256", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Issuer.Requests);
    }

    [Fact]
    public async Task Algorithm_outside_the_allowlist_is_refused_even_when_the_key_is_the_issuers()
    {
        await using var ecIssuer = await TestIssuer.StartAsync(Time, TestKeys.Ec1);
        using var rsaOnly = ecIssuer.Validator(o => { o.Algorithms.Clear(); o.Algorithms.Add("RS256"); });

        await rsaOnly.AssertRefusedAsync(ecIssuer.Token(), "algorithm_not_allowed");
    }

    [Fact]
    public async Task Key_id_of_another_issuers_key_is_refused()
    {
        await using var other = await TestIssuer.StartAsync(Time, TestKeys.Other);
        // Claims our issuer, signed with the other issuer's (published, valid) key.
        var forged = other.Token(d => d.Issuer = Issuer.Issuer);

        var refused = await Validator.AssertRefusedAsync(forged, "unknown_key");
        Assert.Contains("other-issuer-1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, other.Requests);

        // And the other issuer's own token is not ours at all.
        await Validator.AssertRefusedAsync(other.Token(), "wrong_issuer");
    }

    [Fact]
    public async Task Signed_by_someone_else_under_the_issuers_key_id_is_a_bad_signature()
    {
        var forged = Issuer.Token(d => d.SigningCredentials = new SigningCredentials(
            new Microsoft.IdentityModel.Tokens.RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = Issuer.Key.KeyId }, SecurityAlgorithms.RsaSha256));

        await Validator.AssertRefusedAsync(forged, "bad_signature");
    }

    [Fact]
    public async Task Tampered_payload_is_a_bad_signature()
    {
        var parts = Issuer.Token().Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"alice\"", "\"mallory\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        await Validator.AssertRefusedAsync(tampered, "bad_signature");
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    [InlineData("jwk")]
    public async Task Key_headers_pointing_at_an_attackers_key_are_never_fetched_nor_trusted(string header)
    {
        await using var attacker = await TestIssuer.StartAsync(Time, TestKeys.Attacker);
        object pointer = header == "jwk" ? TestKeys.Attacker.PublicJwk() : attacker.JwksUri.ToString();

        // With the attacker's kid, and without any kid (so only the header could name the key).
        var withKid = Issuer.Token(d =>
        {
            d.SigningCredentials = new SigningCredentials(TestKeys.Attacker.SecurityKey, SecurityAlgorithms.RsaSha256);
            d.AdditionalHeaderClaims = new Dictionary<string, object> { [header] = pointer };
        });
        var withoutKid = Issuer.Token(d =>
        {
            d.SigningCredentials = new SigningCredentials(TestKeys.Attacker.WithoutKeyId(), SecurityAlgorithms.RsaSha256);
            d.AdditionalHeaderClaims = new Dictionary<string, object> { [header] = pointer };
        });

        await Validator.AssertRefusedAsync(withKid, "unknown_key");
        await Validator.AssertRefusedAsync(withoutKid, "bad_signature");
        Assert.Equal(0, attacker.Requests);
    }

    [Fact]
    public async Task Wrong_audience_is_refused()
    {
        var refused = await Validator.AssertRefusedAsync(Issuer.Token(d => d.Audience = "api://another-api"), "wrong_audience");
        Assert.Contains("api://another-api", refused.Message, StringComparison.Ordinal);
        Assert.Contains(TestIssuer.Audience, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audience_with_a_trailing_slash_is_another_audience()
        => await Validator.AssertRefusedAsync(Issuer.Token(d => d.Audience = TestIssuer.Audience + "/"), "wrong_audience");

    [Fact]
    public async Task Missing_audience_is_refused()
    {
        var refused = await Validator.AssertRefusedAsync(Issuer.Token(d => d.Audience = null), "wrong_audience");
        Assert.Contains("no audience", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_issuer_is_refused_without_fetching_keys()
    {
        await Validator.AssertRefusedAsync(Issuer.Token(d => d.Issuer = "https://evil.example"), "wrong_issuer");
        Assert.Equal(0, Issuer.Requests);
    }

    [Fact]
    public async Task Issuer_with_a_trailing_slash_is_another_issuer()
    {
        var refused = await Validator.AssertRefusedAsync(Issuer.Token(d => d.Issuer = Issuer.Issuer + "/"), "wrong_issuer");
        Assert.Contains("trailing slash", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_token_is_refused()
    {
        var token = Issuer.Token();
        Time.Advance(TimeSpan.FromHours(1));

        var refused = await Validator.AssertRefusedAsync(token, "expired");
        Assert.Contains("fresh access token", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_not_yet_valid_is_refused()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        await Validator.AssertRefusedAsync(Issuer.Token(d => (d.NotBefore, d.Expires) = (now.AddMinutes(5), now.AddMinutes(15))), "not_yet_valid");
    }

    [Fact]
    public async Task Token_without_expiry_is_refused()
        => await Validator.AssertRefusedAsync(Issuer.Token(d => d.Expires = null), "no_expiry");

    [Fact]
    public async Task Id_token_where_an_access_token_is_expected_is_refused_by_audience()
    {
        // An ID token is for the client (its aud is the client id), not for the API.
        var idToken = Issuer.Token(d => (d.TokenType, d.Audience) = ("JWT", "alter-web-client"));
        await Validator.AssertRefusedAsync(idToken, "wrong_audience");
    }

    [Fact]
    public async Task Id_token_is_refused_by_type_when_access_tokens_are_required()
    {
        using var strict = Issuer.Validator(o => o.RequireAccessTokenType = true);
        // Even with the right audience, typ JWT is not an access token.
        var idToken = Issuer.Token(d => d.TokenType = "JWT");

        var refused = await strict.AssertRefusedAsync(idToken, "wrong_token_type");
        Assert.Contains("at+jwt", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await strict.ValidateUserAsync(Issuer.Token()));   // at+jwt passes
    }

    [Fact]
    public async Task Oversized_token_is_refused_before_it_is_read()
    {
        var large = Issuer.Token(d => d.Claims["padding"] = new string('a', JwtPrincipalOptions.DefaultMaxTokenLength));

        var refused = await Validator.AssertRefusedAsync(large, "too_large");
        Assert.Contains("MaxTokenLength", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Issuer.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("a.b.c.d.e")]
    public async Task Malformed_tokens_are_refused(string token)
        => await Validator.AssertRefusedAsync(token, "malformed");

    [Fact]
    public async Task Token_with_its_bearer_scheme_is_refused_with_a_hint()
    {
        var refused = await Validator.AssertRefusedAsync("Bearer " + Issuer.Token(), "malformed");
        Assert.Contains("without the Authorization scheme", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Critical_header_extensions_are_refused()
    {
        var token = Issuer.Token(d => d.AdditionalHeaderClaims = new Dictionary<string, object> { ["crit"] = new[] { "exp-ext" }, ["exp-ext"] = true });
        var refused = await Validator.AssertRefusedAsync(token, "malformed");
        Assert.Contains("crit", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_without_subject_is_refused()
    {
        var refused = await Validator.AssertRefusedAsync(Issuer.Token(d => d.Claims.Remove("sub")), "no_subject");
        Assert.Contains("UserIdClaim", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_endpoint_down_with_no_cached_key_refuses_every_token()
    {
        Issuer.Down = true;

        var refused = await Validator.AssertRefusedAsync(Issuer.Token(), "keys_unavailable");
        Assert.Contains("503", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_document_naming_another_issuer_is_not_trusted()
    {
        Issuer.AnnouncedIssuer = "https://someone-else.example";

        var refused = await Validator.AssertRefusedAsync(Issuer.Token(), "keys_unavailable");
        Assert.Contains("set Authority", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Issuer.JwksFetches);
    }
}
