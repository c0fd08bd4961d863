using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Alter.Typed.OAuthTests.Support;

/// <summary>A hand-driven authorization code + PKCE flow against the test server, without the runtime: for checking the server itself.</summary>
internal static class ManualOAuthClient
{
    public const string RedirectUri = "http://127.0.0.1:5555/callback";

    /// <summary>The authorize URL for the test client, with the given PKCE parameters (none when <paramref name="challengeMethod"/> is null).</summary>
    public static Uri AuthorizeUrl(OpenIddictTestServer server, string redirectUri = RedirectUri, string? challenge = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", string? challengeMethod = "S256")
    {
        var url = $"{server.AuthorizationEndpoint}?response_type=code&client_id={TestClientRegistration.ClientId}" +
                  $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope={Uri.EscapeDataString("api offline_access")}&state=manual-state";
        if (challengeMethod is not null) url += $"&code_challenge={challenge}&code_challenge_method={challengeMethod}";
        return new Uri(url);
    }

    /// <summary>Runs the whole flow and returns the access token the server issued.</summary>
    public static async Task<string> GetAccessTokenAsync(OpenIddictTestServer server)
    {
        var verifier = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var browser = new FakeBrowser(server.BaseUri) { DeliverCallbacks = false };
        await browser.OpenAsync(AuthorizeUrl(server, challenge: challenge), CancellationToken.None);
        var code = FakeBrowser.Query(browser.ServerRedirects.Single(), "code") ?? throw new InvalidOperationException("The server sent no code.");

        using var http = new HttpClient();
        using var response = await http.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = TestClientRegistration.ClientId,
            ["client_secret"] = TestClientRegistration.ClientSecret,
        }));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }
}
