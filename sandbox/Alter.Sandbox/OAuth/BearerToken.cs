using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.OAuth;

/// <summary>Reads the access token from <c>Authorization: Bearer ...</c> (or GitHub's older <c>token ...</c>).</summary>
internal static class BearerToken
{
    public static string? Read(HttpRequest request, bool allowTokenScheme)
    {
        var value = request.Headers.Authorization.ToString().Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return null;

        var scheme = value[..space];
        var token = value[(space + 1)..].Trim();
        var schemeOk = string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || (allowTokenScheme && string.Equals(scheme, "token", StringComparison.OrdinalIgnoreCase));
        return schemeOk && token.Length > 0 ? token : null;
    }
}
