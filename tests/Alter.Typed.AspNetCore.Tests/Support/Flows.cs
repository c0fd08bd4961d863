using System.Net;
using Microsoft.Playwright;

namespace Alter.Typed.AspNetCore.Tests.Support;

/// <summary>Steps of a web Connect taken one at a time, so a test can stop between them or hand the callback to someone else.</summary>
internal static class Flows
{
    /// <summary>
    /// <c>GET /alter/connect/{provider}</c> in <paramref name="page"/>'s browser context (its cookies), without following
    /// the redirect: the app's answer (302 to the provider's authorize URL, or a refusal).
    /// </summary>
    public static Task<IAPIResponse> BeginAsync(IPage page, TestWebHost host, string provider, string returnUrl = "/done", IDictionary<string, string>? headers = null)
        => page.Context.APIRequest.GetAsync(host.Url($"alter/connect/{provider}?returnUrl={Uri.EscapeDataString(returnUrl)}"),
            new APIRequestContextOptions { MaxRedirects = 0, Headers = headers, Timeout = Chromium.Timeout });

    /// <summary>Begins in <paramref name="page"/>'s context and lets the sandbox consent: returns the callback URL (code + state), not yet visited.</summary>
    public static async Task<Uri> CallbackUrlAsync(IPage page, TestWebHost host, string provider, string returnUrl = "/done")
    {
        var begin = await BeginAsync(page, host, provider, returnUrl);
        Assert.Equal(302, begin.Status);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
        using var consent = await http.GetAsync(new Uri(begin.Headers["location"]));
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var callback = consent.Headers.Location!;
        Assert.StartsWith(host.Url("alter/callback?"), callback.AbsoluteUri, StringComparison.Ordinal);
        return callback;
    }

    /// <summary>The value of one query parameter of <paramref name="uri"/>.</summary>
    public static string? Query(Uri uri, string name)
        => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
