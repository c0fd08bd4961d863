using System.Text.Json;

namespace Alter.Typed.Vault;

/// <summary>The secrets of one grant. Lives decrypted only in memory; <see cref="ToString"/> never shows them.</summary>
internal sealed record TokenSet(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt)
{
    public bool IsUsableAt(DateTimeOffset now, TimeSpan skew) => ExpiresAt is not { } expires || expires - skew > now;

    public override string ToString() => $"TokenSet {{ ExpiresAt = {ExpiresAt:O}, HasRefreshToken = {RefreshToken is not null} }}";

    public byte[] ToJsonBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", AccessToken);
            if (RefreshToken is not null) writer.WriteString("refresh_token", RefreshToken);
            if (ExpiresAt is { } expires) writer.WriteNumber("expires_at", expires.ToUnixTimeMilliseconds());
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static TokenSet FromJsonBytes(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new TokenSet(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            root.TryGetProperty("expires_at", out var expires) ? DateTimeOffset.FromUnixTimeMilliseconds(expires.GetInt64()) : null);
    }
}
