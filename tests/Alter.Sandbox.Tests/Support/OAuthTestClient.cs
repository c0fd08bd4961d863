using System.Collections.Specialized;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;

namespace Alter.Sandbox.Tests.Support;

/// <summary>Plain-HttpClient OAuth steps against the sandbox, without a browser.</summary>
internal sealed class OAuthTestClient(SandboxProvider provider) : IDisposable
{
    public const string RedirectUri = "http://127.0.0.1:9/callback";

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public string AuthorizeUrl(string redirectUri, string state, string? challenge = null, string? scope = null)
    {
        var query = HttpUtility.ParseQueryString("");
        query["client_id"] = provider.ClientId;
        query["redirect_uri"] = redirectUri;
        query["state"] = state;
        if (scope is not null) query["scope"] = scope;
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = "S256";
        }

        return $"{provider.AuthorizationUrl}?{query}";
    }

    /// <summary>GETs authorize without following the redirect; returns the redirect's query parameters.</summary>
    public async Task<NameValueCollection> AuthorizeAsync(string? challenge = null, string? scope = null)
    {
        using var response = await Http.GetAsync(AuthorizeUrl(RedirectUri, "xyz", challenge, scope));
        Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.AbsoluteUri, StringComparison.Ordinal);
        return HttpUtility.ParseQueryString(location.Query);
    }

    public Task<JsonElement> ExchangeCodeAsync(string code, string? verifier = null, string redirectUri = RedirectUri) =>
        PostTokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier });

    public Task<JsonElement> RefreshAsync(string refreshToken) =>
        PostTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>A code for a fresh grant, redeemed: the token response.</summary>
    public async Task<JsonElement> ConnectAsync()
    {
        var (verifier, challenge) = NewPkce();
        var callback = await AuthorizeAsync(challenge);
        return await ExchangeCodeAsync(callback["code"]!, verifier);
    }

    /// <summary>POSTs the token endpoint with client_secret_post (Accept: application/json, which GitHub needs for JSON).</summary>
    public async Task<JsonElement> PostTokenAsync(Dictionary<string, string?> form, bool basicAuth = false)
    {
        var fields = form.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!);
        using var request = new HttpRequestMessage(HttpMethod.Post, provider.TokenUrl);
        if (basicAuth)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{provider.ClientId}:{provider.ClientSecret}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
        else
        {
            fields.TryAdd("client_id", provider.ClientId);
            fields.TryAdd("client_secret", provider.ClientSecret);
        }

        request.Content = new FormUrlEncodedContent(fields);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> CallApiAsync(
        HttpMethod method, string path, string? accessToken, string? json = null, string scheme = "Bearer")
    {
        var request = new HttpRequestMessage(method, provider.ApiBaseUrl + path);
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue(scheme, accessToken);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => Http.Dispose();
}
