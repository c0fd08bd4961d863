using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Alter.Typed.Audit;

/// <summary>
/// The canonical bytes a MAC or a signature of the audit chain is computed over: a domain label, then fields, each
/// tagged with its kind (0 null, 1 text: a big-endian 32-bit length and the UTF-8 bytes SQLite stores, 2 integer:
/// 8 bytes big-endian, 3 real: the IEEE 754 bits, 8 bytes big-endian, 4 raw: a length and bytes). No culture, no
/// separators that a value could contain: two different rows never encode alike.
/// <para>
/// A row is encoded, in this order: the previous MAC (raw), then app_id, id, seq, at, caller, principal, provider,
/// operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id, as
/// <see cref="AuditLog"/> writes them and <see cref="AuditChainVerifier"/> reads them back.
/// </para>
/// One instance is used by one thread at a time; its buffer and its HMAC state are reused from row to row.
/// </summary>
internal sealed class AuditRowEncoder
{
    private byte[] _buffer = new byte[512];
    private int _length;
    private IncrementalHash? _hmac;
    private byte[]? _hmacKey;

    /// <summary>The bytes encoded since <see cref="Start"/>.</summary>
    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new message: the domain label, then <paramref name="previous"/> (the previous MAC; empty for none).</summary>
    public void Start(ReadOnlySpan<byte> domain, ReadOnlySpan<byte> previous)
    {
        _length = 0;
        Raw(domain);
        Raw(previous);
    }

    /// <summary>A SQL NULL.</summary>
    public void Null() => Reserve(1)[0] = 0;

    /// <summary>A text value as its UTF-8 bytes.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        var span = Reserve(5 + utf8.Length);
        span[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], utf8.Length);
        utf8.CopyTo(span[5..]);
    }

    /// <summary>A text value, or <see cref="Null"/> for null.</summary>
    public void Text(string? value)
    {
        if (value is null) { Null(); return; }
        var count = Encoding.UTF8.GetByteCount(value);
        var span = Reserve(5 + count);
        span[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], count);
        Encoding.UTF8.GetBytes(value, span[5..]);
    }

    /// <summary>An integer.</summary>
    public void Int(long value)
    {
        var span = Reserve(9);
        span[0] = 2;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
    }

    /// <summary>A real, by its bits (SQLite stores a REAL's 8 bytes as given, so they come back alike).</summary>
    public void Real(double value)
    {
        var span = Reserve(9);
        span[0] = 3;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>Raw bytes with their length (a MAC, a label).</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        var span = Reserve(5 + bytes.Length);
        span[0] = 4;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], bytes.Length);
        bytes.CopyTo(span[5..]);
    }

    /// <summary>HMAC-SHA256 of the message under <paramref name="key"/>, written to <paramref name="destination"/> (32 bytes).</summary>
    public void Mac(byte[] key, Span<byte> destination)
    {
        // One keyed state per key, reused: HMAC's key setup is two extra compressions a row would otherwise pay.
        if (!ReferenceEquals(key, _hmacKey))
        {
            _hmac?.Dispose();
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _hmacKey = key;
        }
        _hmac!.AppendData(_buffer, 0, _length);
        _hmac.GetHashAndReset(destination);
    }

    /// <summary>HMAC-SHA256 of the message under <paramref name="key"/>, as a new array.</summary>
    public byte[] Mac(byte[] key)
    {
        var mac = new byte[32];
        Mac(key, mac);
        return mac;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
