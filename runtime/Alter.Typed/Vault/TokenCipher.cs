using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.Vault;

/// <summary>
/// AES-256-GCM envelopes for secrets at rest: <c>version(1) | keyId(8) | nonce(12) | tag(16) | ciphertext</c>.
/// The key id (a hash prefix of the key) lets a later key rotation tell which key sealed a row;
/// the associated data binds a ciphertext to its row, so a sealed token cannot be moved to another grant.
/// </summary>
internal sealed class TokenCipher
{
    private const byte Version = 1;
    private const int KeyIdSize = 8, NonceSize = 12, TagSize = 16, HeaderSize = 1 + KeyIdSize + NonceSize + TagSize;
    private readonly byte[] _key;

    public TokenCipher(byte[] key)
    {
        _key = key;
        KeyId = SHA256.HashData(key).AsSpan(0, KeyIdSize).ToArray();
    }

    public byte[] KeyId { get; }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var envelope = new byte[HeaderSize + plaintext.Length];
        envelope[0] = Version;
        KeyId.CopyTo(envelope, 1);
        var nonce = envelope.AsSpan(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, envelope.AsSpan(HeaderSize), envelope.AsSpan(1 + KeyIdSize + NonceSize, TagSize), Encoding.UTF8.GetBytes(associatedData));
        return envelope;
    }

    public byte[] Open(ReadOnlySpan<byte> envelope, string associatedData)
    {
        if (envelope.Length < HeaderSize || envelope[0] != Version)
            throw new AlterException("A vault entry has an unknown format; it was not written by this version of AlterTyped.");
        if (!envelope.Slice(1, KeyIdSize).SequenceEqual(KeyId))
            throw new AlterException("A vault entry was encrypted with a different vault key. Set ALTER_VAULT_KEY (or AlterOptions.VaultKey) to the key that wrote it.");
        var plaintext = new byte[envelope.Length - HeaderSize];
        using var aes = new AesGcm(_key, TagSize);
        try
        {
            aes.Decrypt(envelope.Slice(1 + KeyIdSize, NonceSize), envelope[HeaderSize..], envelope.Slice(1 + KeyIdSize + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new AlterException("A vault entry failed its integrity check: it was altered or belongs to another row.");
        }
        return plaintext;
    }
}
