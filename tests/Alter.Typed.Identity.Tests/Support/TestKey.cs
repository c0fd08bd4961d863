using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Alter.Typed.Identity.Tests.Support;

/// <summary>A signing key pair (RSA-2048 or EC P-256) with its key id, and its public half as a JWK.</summary>
internal sealed class TestKey
{
    private readonly AsymmetricAlgorithm _algorithm;

    private TestKey(string keyId, AsymmetricAlgorithm algorithm, SecurityKey key, string jwsAlgorithm)
        => (KeyId, _algorithm, SecurityKey, Algorithm) = (keyId, algorithm, key, jwsAlgorithm);

    public string KeyId { get; }

    /// <summary>The private key, to sign tokens with.</summary>
    public SecurityKey SecurityKey { get; }

    /// <summary>RS256 or ES256.</summary>
    public string Algorithm { get; }

    public static TestKey Rsa(string keyId)
    {
        var rsa = RSA.Create(2048);
        return new TestKey(keyId, rsa, new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
    }

    public static TestKey EC(string keyId)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TestKey(keyId, ec, new ECDsaSecurityKey(ec) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>The key without its id: a token signed with it carries no <c>kid</c>.</summary>
    public SecurityKey WithoutKeyId() => _algorithm switch
    {
        RSA rsa => new RsaSecurityKey(rsa),
        ECDsa ec => new ECDsaSecurityKey(ec),
        _ => throw new NotSupportedException(),
    };

    /// <summary>The public half as a JWK (only public parameters: what an issuer publishes).</summary>
    public Dictionary<string, object> PublicJwk() => _algorithm switch
    {
        RSA rsa when rsa.ExportParameters(false) is var p => new()
        {
            ["kty"] = "RSA", ["use"] = "sig", ["kid"] = KeyId, ["alg"] = Algorithm,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!), ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        },
        ECDsa ec when ec.ExportParameters(false) is var p => new()
        {
            ["kty"] = "EC", ["use"] = "sig", ["kid"] = KeyId, ["alg"] = Algorithm, ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!),
        },
        _ => throw new NotSupportedException(),
    };

    /// <summary>The public key in PEM (SubjectPublicKeyInfo): the bytes an HMAC key-confusion attack signs with.</summary>
    public string PublicKeyPem() => _algorithm.ExportSubjectPublicKeyInfoPem();
}
