using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.Audit;

/// <summary>
/// The two keys of the audit chain, derived from the vault key with HKDF-SHA256 (RFC 5869), each under its own label,
/// so neither is the AES key that seals tokens and neither can stand in for the other:
/// <see cref="Chain"/> MACs each row over the previous row's MAC; <see cref="Sign"/> signs the chain's head, its
/// checkpoints and its retention anchor. Both are HMAC-SHA256 keys: the one who verifies is the vault's holder, who can
/// also write, so a public-key signature would prove nothing more and cost far more per checkpoint.
/// </summary>
internal sealed class AuditChainKeys
{
    private AuditChainKeys(byte[] chain, byte[] sign)
    {
        Chain = chain;
        Sign = sign;
        KeyId = Convert.ToHexStringLower(HMACSHA256.HashData(sign, "alter.audit.key-id"u8).AsSpan(0, 8));
    }

    /// <summary>The key of the row MACs.</summary>
    public byte[] Chain { get; }

    /// <summary>The key of the signatures over the head, the checkpoints and the retention anchor.</summary>
    public byte[] Sign { get; }

    /// <summary>A public id of these keys (a MAC of a fixed label): tells "another vault key wrote this chain" from "edited".</summary>
    public string KeyId { get; }

    /// <summary>Derives both keys from the 32-byte vault key.</summary>
    public static AuditChainKeys From(ReadOnlySpan<byte> vaultKey)
    {
        var chain = HKDF.DeriveKey(HashAlgorithmName.SHA256, vaultKey.ToArray(), 32, salt: [], info: Encoding.ASCII.GetBytes("alter.audit.chain.v1"));
        var sign = HKDF.DeriveKey(HashAlgorithmName.SHA256, vaultKey.ToArray(), 32, salt: [], info: Encoding.ASCII.GetBytes("alter.audit.sign.v1"));
        return new AuditChainKeys(chain, sign);
    }

    /// <summary>The value before an app's first chained row: a MAC of the app's id, so chains of two apps never share a start.</summary>
    public byte[] Genesis(string appId)
    {
        var encoder = new AuditRowEncoder();
        encoder.Start("alter.audit.genesis.v1"u8, []);
        encoder.Text(appId);
        return encoder.Mac(Chain);
    }
}
