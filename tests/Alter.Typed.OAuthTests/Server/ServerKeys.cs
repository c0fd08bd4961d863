using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>
/// The authorization server's keys, created once per test process. OpenIddict's ephemeral keys are RSA-4096 and cost
/// 1.6–5.5 s per server start; with these, a start takes tens of milliseconds.
/// </summary>
internal static class ServerKeys
{
    /// <summary>Signs access tokens (RS256).</summary>
    public static RsaSecurityKey Signing { get; } = new(RSA.Create(2048)) { KeyId = "alter-oauth-tests-rs256" };

    /// <summary>Encrypts refresh tokens and authorization codes (access token encryption is disabled).</summary>
    public static SymmetricSecurityKey Encryption { get; } = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "alter-oauth-tests-a256" };
}
