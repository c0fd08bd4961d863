using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.OAuth;

/// <summary>Reads client credentials from HTTP Basic (client_secret_basic) or the form (client_secret_post).</summary>
internal static class ClientCredentials
{
    public static (string? ClientId, string? ClientSecret) Read(HttpRequest request, IFormCollection form)
    {
        if (TryReadBasic(request, out var id, out var secret)) return (id, secret);
        return (Single(form["client_id"]), Single(form["client_secret"]));
    }

    /// <summary>Parses <c>Authorization: Basic base64(urlencode(id):urlencode(secret))</c> (RFC 6749 §2.3.1).</summary>
    public static bool TryReadBasic(HttpRequest request, out string? clientId, out string? clientSecret)
    {
        clientId = clientSecret = null;
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return false;
            clientId = WebUtility.UrlDecode(decoded[..colon]);
            clientSecret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;
}
