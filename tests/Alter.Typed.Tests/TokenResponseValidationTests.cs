using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// A token endpoint (a misconfigured one, a proxy in the way, or an attacker's) answers with a token whose lifetime or type
/// the runtime cannot trust: a string, a fraction, a negative or an absurd <c>expires_in</c>, a <c>DPoP</c> token, a body
/// that is not an object. Connect gives a <see cref="ConnectException"/> and refresh a <see cref="TokenRefreshException"/>,
/// each saying what to check; nothing is stored, nothing is kept as if it never expired, no token is in a message.
/// The endpoint is a real HTTP server on 127.0.0.1.
/// </summary>
public sealed class TokenResponseValidationTests : IAsyncLifetime
{
    private const string Secret = "at-9f8e7d6c5b4a-secret";
    private const string RefreshSecret = "rt-0a1b2c3d4e5f-secret";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-tokenresponse-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private StubTokenEndpoint _endpoint = null!;
    private AlterOptions _options = null!;
    private string _apiKey = null!;

    public static TheoryData<string, string> HostileBodies => new()
    {
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":"3600"}""", "expires_in is a JSON string" },
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":3600.5}""", "expires_in is 3600.5" },
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":-1}""", "expires_in is -1" },
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":0}""", "expires_in is 0" },
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":2147483648}""", "expires_in is 2147483648" },
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":1e20}""", "expires_in is 1e20" },
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":999999999}""", "expires_in is 999999999" },  // 31 years
        { $$"""{"access_token":"{{Secret}}","token_type":"Bearer","expires_in":true}""", "expires_in is a JSON true" },
        { $$"""{"access_token":"{{Secret}}","token_type":"DPoP","expires_in":3600}""", "token_type is \"DPoP\"" },
        { $$"""{"access_token":"{{Secret}}","token_type":"mac","expires_in":3600}""", "token_type is \"mac\"" },
        { $$"""{"access_token":"{{Secret}}","token_type":7,"expires_in":3600}""", "token_type is 7" },
        { $$"""["{{Secret}}"]""", "the answer is a JSON array" },
        { $$"""  "{{Secret}}" """, "the answer is a JSON string" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Connect_refuses_an_unusable_token_response_with_a_ConnectException(string body, string problem)
    {
        _endpoint.Body = body;
        await using var app = OpenApp();

        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect(["stub"]));

        Assert.Contains(problem, error.Message);
        Assert.Contains("the code is spent and nothing was stored", error.Message);
        Assert.Contains("AlterOptions.Providers[\"stub\"].TokenUrl", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
        Assert.Equal(1, _endpoint.TokenRequests);
        Assert.Empty(app.ListGrants());
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Refresh_refuses_an_unusable_token_response_with_a_TokenRefreshException_and_keeps_the_grant(string body, string problem)
    {
        _endpoint.Body = $$"""{"access_token":"at-first","refresh_token":"{{RefreshSecret}}","token_type":"bearer","expires_in":3600}""";
        await using var app = OpenApp();
        var grantId = (await app.Connect(["stub"]))[0].GrantId;
        _endpoint.Body = body;
        _time.Advance(TimeSpan.FromHours(2));

        var error = await Assert.ThrowsAsync<TokenRefreshException>(() => app.Request(HttpMethod.Get, "me", grantId));

        Assert.Contains(problem, error.Message);
        Assert.Contains("the grant keeps its previous tokens", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
        Assert.DoesNotContain(RefreshSecret, error.Message);
        Assert.Equal(2, _endpoint.TokenRequests);
        Assert.Equal(0, _endpoint.ApiRequests);                                    // no call went out with an unvetted token
        Assert.Equal(GrantStatus.Active, app.GetGrant(grantId)!.Status);
    }

    [Theory]
    [InlineData("\"Bearer\"")]
    [InlineData("\"bearer\"")]
    [InlineData("\"BEARER\"")]
    [InlineData("\"bot\"")]                                                       // Slack's bot token
    [InlineData(null)]                                                            // absent: tolerated
    public async Task Bearer_tokens_in_any_case_and_without_a_type_are_accepted_with_their_expiry(string? tokenType)
    {
        _endpoint.Body = $$"""{"access_token":"{{Secret}}",{{(tokenType is null ? "" : $"\"token_type\":{tokenType},")}}"expires_in":3600}""";
        await using var app = OpenApp();

        var grantId = (await app.Connect(["stub"]))[0].GrantId;
        using var response = await app.Request(HttpMethod.Get, "me", grantId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + Secret, _endpoint.LastAuthorization);
        _time.Advance(TimeSpan.FromHours(2));                                       // the expiry was kept: the token is refreshed, not reused
        await Assert.ThrowsAsync<ReauthRequiredException>(() => app.Request(HttpMethod.Get, "me", grantId)); // no refresh token was issued
    }

    [Fact]
    public async Task A_token_without_expires_in_is_stored_as_not_expiring_as_the_provider_says()
    {
        _endpoint.Body = $$"""{"access_token":"{{Secret}}","token_type":"bearer"}""";               // GitHub OAuth apps, Notion
        await using var app = OpenApp();

        var grantId = (await app.Connect(["stub"]))[0].GrantId;
        _time.Advance(TimeSpan.FromDays(3));                                         // (the audit timer fires once a fake second: keep it short)
        using var response = await app.Request(HttpMethod.Get, "me", grantId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _endpoint.TokenRequests);
    }

    [Theory]
    [InlineData("\"43200\"", "authed_user.expires_in is a JSON string")]
    [InlineData("-5", "authed_user.expires_in is -5")]
    [InlineData("1.5", "authed_user.expires_in is 1.5")]
    public async Task Slacks_user_token_is_validated_the_same_way(string expiresIn, string problem)
    {
        _endpoint.Body = $$$"""{"ok":true,"token_type":"bot","authed_user":{"id":"U1","access_token":"{{{Secret}}}","token_type":"user","expires_in":{{{expiresIn}}}},"team":{"id":"T1"}}""";
        await using var app = OpenApp();

        var error = await Assert.ThrowsAsync<ConnectException>(() => app.Connect(["stub"], new ConnectOptions { UserScopes = ["search:read"] }));

        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain(Secret, error.Message);
        Assert.Empty(app.ListGrants());
    }

    [Fact]
    public async Task Ids_of_the_wrong_JSON_kind_do_not_throw_a_raw_exception_after_the_code_was_spent()
    {
        _endpoint.Body = $$$"""{"ok":true,"access_token":"{{{Secret}}}","token_type":"bot","team":{"id":5},"authed_user":{"id":[1]}}""";
        await using var app = OpenApp();

        var result = (await app.Connect(["stub"]))[0];

        Assert.Null(result.Account);
    }

    [Fact]
    public async Task A_token_endpoint_that_never_answers_gives_a_ConnectException_on_exchange_and_a_transient_failure_on_refresh()
    {
        _endpoint.Delay = TimeSpan.FromSeconds(5);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var oauth = new Alter.Typed.OAuth.OAuthClient(http, _time);
        var provider = new ResolvedProvider(Descriptor(), new ProviderSettings { ClientId = "client-1", ClientSecret = "client-secret-1" });

        var error = await Assert.ThrowsAsync<ConnectException>(() => oauth.ExchangeCodeAsync(provider, "code-1", "http://127.0.0.1:1/callback", null, false, CancellationToken.None));
        var refresh = await oauth.RefreshAsync(provider, RefreshSecret, CancellationToken.None);
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        using var patient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        Assert.Contains("did not answer the authorization code in time", error.Message);
        Assert.Contains("nothing was stored", error.Message);
        Assert.Equal(("timeout", true), (refresh.Error, refresh.IsTransient));
        Assert.Null(refresh.Tokens);
        // The caller's own cancellation stays a cancellation.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Alter.Typed.OAuth.OAuthClient(patient, _time)
            .ExchangeCodeAsync(provider, "code-1", "http://127.0.0.1:1/callback", null, false, cancelled.Token));
    }

    private ProviderDescriptor Descriptor() => new()
    {
        Id = "stub", Name = "Stub",
        Auth = new ProviderAuth
        {
            Kind = AuthKind.OAuth2, AuthorizationUrl = _endpoint.Root + "authorize", TokenUrl = _endpoint.Root + "token", UserScopeParameter = "user_scope",
        },
        Api = new ProviderApi { BaseUrl = _endpoint.Root + "api/", AllowedHosts = [_endpoint.Root.Authority] },
    };

    private StubApp OpenApp() => new(_apiKey, _options, Descriptor());

    /// <summary>The browser: the authorization server consents at once and redirects back with a code and the state.</summary>
    private static async Task ConsentAsync(Uri authorize, CancellationToken cancellationToken)
    {
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        using var http = new HttpClient();
        using var _ = await http.GetAsync($"{query["redirect_uri"]}?code=code-1&state={Uri.EscapeDataString(query["state"]!)}", cancellationToken);
    }

    public Task InitializeAsync()
    {
        _endpoint = StubTokenEndpoint.Start();
        Directory.CreateDirectory(_directory);
        _options = new AlterOptions
        {
            DatabasePath = Path.Combine(_directory, "alter.db"), VaultKey = RandomNumberGenerator.GetBytes(32), TimeProvider = _time,
            OpenBrowser = ConsentAsync, ConnectTimeout = TimeSpan.FromSeconds(20),
        };
        _options.Providers["stub"] = new ProviderSettings { ClientId = "client-1", ClientSecret = "client-secret-1" };
        var admin = AlterAdmin.Open(_options);
        admin.CreateApp("tokens");
        _apiKey = admin.MintKey("tokens").ApiKey;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _endpoint.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private sealed class StubApp(string apiKey, AlterOptions options, ProviderDescriptor provider) : AlterApp(apiKey, options, [provider]);
}

/// <summary>A token endpoint and a one-route API on 127.0.0.1: POST /token answers <see cref="Body"/>; GET /api/me answers 200 and records the Authorization header.</summary>
internal sealed class StubTokenEndpoint : IDisposable
{
    private readonly HttpListener _listener;
    private int _tokenRequests, _apiRequests;

    private StubTokenEndpoint(HttpListener listener, Uri root)
    {
        (_listener, Root) = (listener, root);
        _ = Task.Run(ServeAsync);
    }

    public Uri Root { get; }
    public volatile string Body = "{}";
    public TimeSpan Delay { get; set; }
    public int TokenRequests => Volatile.Read(ref _tokenRequests);
    public int ApiRequests => Volatile.Read(ref _apiRequests);
    public string? LastAuthorization { get; private set; }

    public static StubTokenEndpoint Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new StubTokenEndpoint(listener, new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (HttpListenerException) when (attempt < 5) { listener.Close(); }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var path = context.Request.Url!.AbsolutePath;
            string answer;
            if (path == "/token")
            {
                Interlocked.Increment(ref _tokenRequests);
                answer = Body;
                if (Delay > TimeSpan.Zero) { _ = AnswerLaterAsync(context, answer); continue; }
            }
            else if (path == "/api/me") { Interlocked.Increment(ref _apiRequests); LastAuthorization = context.Request.Headers["Authorization"]; answer = """{"id":"me"}"""; }
            else { context.Response.StatusCode = 404; answer = "{}"; }
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private async Task AnswerLaterAsync(HttpListenerContext context, string answer)
    {
        await Task.Delay(Delay);
        try
        {
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { } // the client gave up, or the test ended
    }

    public void Dispose() => _listener.Close();
}
