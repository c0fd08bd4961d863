using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Alter.Sandbox.OAuth;

/// <summary>The only redirect URIs the sandbox accepts: plain-HTTP loopback ones (RFC 8252 §7.3).</summary>
internal static class LoopbackRedirect
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrEmpty(value) || !Uri.TryCreate(value, UriKind.Absolute, out var parsed)) return false;
        if (parsed.Scheme != Uri.UriSchemeHttp || parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0) return false;

        var host = parsed.IdnHost;
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        if (!loopback) return false;

        uri = parsed;
        return true;
    }
}
