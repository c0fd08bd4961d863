using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Alter.Typed.Audit;
using Alter.Typed.Http;
using Alter.Typed.OAuth;

namespace Alter.Typed.Tests.Pipeline;

/// <summary>Stand-ins for the handlers' neighbours: no SQLite, no sandbox, no network.</summary>
internal static class Stub
{
    public static readonly AppInfo App = new("app_1", "tests", DateTimeOffset.UnixEpoch);

    public static ProviderDescriptor Descriptor(TokenPlacement? placement = null, ProviderErrorConvention? errors = null, params string[] hosts) => new()
    {
        Id = "acme",
        Name = "Acme",
        Auth = new ProviderAuth { Kind = AuthKind.ApiKey, Token = placement ?? TokenPlacement.BearerHeader },
        Api = new ProviderApi { BaseUrl = "https://api.acme.test/", AllowedHosts = hosts.Length == 0 ? ["api.acme.test"] : hosts },
        Errors = errors ?? new ProviderErrorConvention(),
    };

    /// <summary>The user who owns <see cref="Grant"/>.</summary>
    public static readonly Principal Alice = Principal.User("https://idp.test/", "alice");

    public static GrantInfo Grant(GrantStatus status = GrantStatus.Active) => new("grant_1", "acme", Alice, null, ["read"], status,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

    /// <summary>A request carrying a resolved call context, as the sender builds it.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string url, ProviderDescriptor? descriptor = null, GrantInfo? grant = null, bool resolved = true)
    {
        var provider = new ResolvedProvider(descriptor ?? Descriptor(), null);
        var context = new CallContext(App, provider, "grant_1", "things.get", typed: true);
        if (resolved) context.Resolve(Alice, grant ?? Grant(), provider);
        var request = new HttpRequestMessage(method, url);
        request.Options.Set(AlterPipeline.Context, context);
        return request;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) => new(status)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };

    /// <summary>Builds the handler over <paramref name="inner"/> and sends through it.</summary>
    public static Task<HttpResponseMessage> SendAsync(DelegatingHandler handler, HttpMessageHandler inner, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        handler.InnerHandler = inner;
        return new HttpMessageInvoker(handler, disposeHandler: false).SendAsync(request, cancellationToken);
    }
}

/// <summary>The "network": answers with <see cref="Answer"/> and records what each request carried when it was sent.</summary>
internal sealed class StubInner(Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    public ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Authorization, string Headers)> Sent { get; } = new();

    public int Count => Sent.Count;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Sent.Count;
        Sent.Enqueue((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Headers.ToString()));
        var response = answer(request, n);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}

/// <summary>Hands out <c>token-1</c>, then <c>token-2</c> once a token was rejected.</summary>
internal sealed class StubCredentials : ICredentialSource
{
    public int Gets { get; private set; }
    public int ReauthMarks { get; private set; }

    public ValueTask<TokenLease> GetAsync(GrantInfo grant, ResolvedProvider provider, string? rejected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Gets++;
        return new(rejected is null ? new TokenLease("token-1", false) : new TokenLease("token-2", true));
    }

    public void MarkReauthRequired(GrantInfo grant) => ReauthMarks++;
}

/// <summary>Keeps rows in memory; <see cref="Fail"/> makes the durable write throw as a failed commit would.</summary>
internal sealed class StubAudit : IAuditSink
{
    public ConcurrentQueue<AuditEntry> Rows { get; } = new();
    public bool Fail { get; set; }

    public void Write(in AuditEntry entry) => Rows.Enqueue(entry);

    public ValueTask WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (Fail) throw new AuditWriteException("The audit row of acme things.get could not be written (disk full); the provider call happened.");
        Rows.Enqueue(entry);
        return default;
    }
}
