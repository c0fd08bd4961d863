using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Alter.Typed.Apps;
using Alter.Typed.Audit;
using Alter.Typed.Http;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alter.Typed;

/// <summary>
/// An application's entry point: Connect, grants, the untyped <see cref="Request(HttpMethod, string, string, HttpContent?, CancellationToken)"/>
/// escape hatch and the audit log. The generator derives a typed <c>App</c> from it with one property per provider
/// (<c>app.Slack</c>, <c>app.GitHub</c>). Opening it checks the API key and nothing else: the vault, the providers'
/// stored settings and the call pipeline are set up on first use. A key revoked while the app runs stops its calls
/// within <see cref="AlterOptions.ApiKeyCheckInterval"/>. Dispose it to write the last audit rows.
/// </summary>
public abstract class AlterApp : IAsyncDisposable, IDisposable
{
    private readonly ApiKeyGuard _key;
    private readonly Lazy<AppServices> _services;
    private readonly TimeProvider _time;
    private int _disposed;

    /// <summary>Opens the app identified by <paramref name="apiKey"/>, with the given providers.</summary>
    /// <exception cref="ApiKeyException">The key is malformed, unknown or revoked.</exception>
    protected AlterApp(string apiKey, AlterOptions? options, IReadOnlyList<ProviderDescriptor> providers)
    {
        options ??= new AlterOptions();
        ArgumentNullException.ThrowIfNull(providers);
        var db = new AlterDatabase(options.ResolveDatabasePath());
        _key = new ApiKeyGuard(db, apiKey, options.TimeProvider, options.ApiKeyCheckInterval);
        _time = options.TimeProvider;
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alter.Typed");
        _services = new(() => AppServices.Compose(options, _key, db, providers, logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private AppServices Services => _services.Value;

    internal OperationSender Sender => _services.Value.Sender;

    /// <summary>The grant store (tests count its reads).</summary>
    internal GrantStore GrantStore => Services.Grants.Store;

    /// <summary>The audit log (for the benchmarks' diagnostics).</summary>
    internal AuditLog AuditLog => Services.Audit;

    /// <summary>The app this key opened.</summary>
    public AppInfo Info => _key.App;

    /// <summary>The providers this app knows, by id.</summary>
    public IReadOnlyCollection<ProviderDescriptor> Providers => [.. Services.Providers.All.Select(p => p.Descriptor)];

    /// <summary>
    /// Connects providers through the browser (authorization code + PKCE + state, loopback redirect) and returns a grant per provider.
    /// </summary>
    /// <param name="providers">Provider ids, for example <c>["slack"]</c>.</param>
    /// <param name="options">Whom the grants act for, and scopes.</param>
    /// <param name="cancellationToken">Cancels the wait for the browser.</param>
    /// <exception cref="ConnectException">The flow failed; nothing was stored.</exception>
    public async Task<IReadOnlyList<ConnectResult>> Connect(IEnumerable<string> providers, ConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _key.Check();
        var results = new List<ConnectResult>();
        foreach (var id in providers)
            results.Add(await Services.Connector.ConnectAsync(Provider(id), options ?? new ConnectOptions(), cancellationToken).ConfigureAwait(false));
        return results;
    }

    /// <summary>
    /// Connect from a web app: the provider redirects back to your site's callback and the grant becomes the signed-in
    /// user's (<see cref="Alter.Typed.WebConnect.Begin"/>, <see cref="Alter.Typed.WebConnect.CompleteAsync"/>), and connect sessions for browser apps.
    /// </summary>
    public WebConnect WebConnect => Services.WebConnect;

    /// <summary>Finds one of this app's grants by id; null when there is none.</summary>
    public GrantInfo? GetGrant(string grantId) => Services.Grants.Store.Find(grantId);

    /// <summary>Lists this app's grants, optionally for one provider.</summary>
    public IReadOnlyList<GrantInfo> ListGrants(string? provider = null) => Services.Grants.Store.List(provider);

    /// <summary>
    /// Revokes a grant: asks the provider to revoke its tokens (when the provider has a revocation endpoint), then deletes
    /// the grant and its tokens from the vault and writes an audit row. Returns false when there was no such grant.
    /// </summary>
    /// <exception cref="RevocationFailedException">The provider refused; the grant is kept so the revocation can be retried.</exception>
    public async Task<bool> RevokeGrant(string grantId, CancellationToken cancellationToken = default)
    {
        var services = Services;
        var grant = services.Grants.Store.Find(grantId);
        if (grant is null) return false;
        var provider = services.Grants.ForGrant(Provider(grant.Provider), grant);
        var started = _time.GetTimestamp();
        var revokedAtProvider = false;
        if (services.Grants.Store.ReadTokens(grantId) is { } stored && provider.Descriptor.Auth.Kind == AuthKind.OAuth2)
            revokedAtProvider = await services.Revoker.RevokeAsync(provider, stored.Tokens, cancellationToken).ConfigureAwait(false);
        services.Tokens.Forget(grantId);
        services.Grants.Store.Delete(grantId);
        services.Audit.Write(new AuditRecord(_time.GetUtcNow(), Info.Name, grant.Principal, grant.Provider, "grant.revoke", grant.Id,
            "POST", provider.RevocationUrl is { } url && revokedAtProvider ? new Uri(url).Authority : "local", 0, revokedAtProvider ? "revoked" : "removed",
            _time.GetElapsedTime(started).TotalMilliseconds, false));
        return true;
    }

    /// <summary>
    /// Stores a static credential (API key, bearer token, or <c>user:password</c> for basic auth) for a provider whose
    /// description says so, and returns the grant that calls will use. The secret is write-only: it is encrypted in the
    /// vault and never returned.
    /// </summary>
    /// <param name="provider">The provider id.</param>
    /// <param name="secret">The credential; for basic auth, <c>user:password</c>.</param>
    /// <param name="principal">Whom the grant acts for. Default: the OS user name.</param>
    /// <param name="connectionValues">Values the provider's URLs need (for example a region), as its description declares them.</param>
    public GrantInfo SaveCredential(string provider, string secret, string? principal = null, IReadOnlyDictionary<string, string>? connectionValues = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var services = Services;
        var resolved = Provider(provider);
        var connection = ConnectionValues.Validate(resolved.Descriptor, connectionValues);
        var kind = resolved.Descriptor.Auth.Kind;
        if (kind == AuthKind.OAuth2)
            throw new AlterException($"{resolved.Descriptor.Name} uses OAuth: connect it with app.Connect([\"{resolved.Id}\"]) instead of storing a credential.");
        var value = kind == AuthKind.Basic
            ? (secret.Contains(':') ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)) : throw new AlterException($"{resolved.Descriptor.Name} uses basic auth: pass the credential as user:password."))
            : secret;
        var grant = services.Grants.Store.Save(resolved.Id, principal ?? Environment.UserName, account: null, scopes: [], new TokenSet(value, null, null), connection);
        services.Tokens.Forget(grant.Id);
        services.Audit.Write(new AuditRecord(_time.GetUtcNow(), Info.Name, grant.Principal, resolved.Id, "credential.save", grant.Id, "PUT", "local", 0, "saved", 0, false));
        return grant;
    }

    /// <summary>Deletes a grant and its tokens from the vault (without telling the provider) and audits it. Returns false when there was no such grant.</summary>
    public Task<bool> RemoveGrant(string grantId, CancellationToken cancellationToken = default)
    {
        var services = Services;
        var grant = services.Grants.Store.Find(grantId);
        if (grant is null) return Task.FromResult(false);
        services.Tokens.Forget(grantId);
        var removed = services.Grants.Store.Delete(grantId);
        services.Audit.Write(new AuditRecord(_time.GetUtcNow(), Info.Name, grant.Principal, grant.Provider, "grant.remove", grant.Id, "DELETE", "local", 0, "removed", 0, false));
        return Task.FromResult(removed);
    }

    /// <summary>
    /// Calls a provider URL directly, under a grant, through the same pipeline as typed calls (token injection,
    /// refresh, host check, audit). The provider is the grant's; a relative <paramref name="url"/> is resolved against its API base URL.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">An absolute URL on one of the provider's hosts, or a path relative to its API base URL.</param>
    /// <param name="grantId">The grant to act under.</param>
    /// <param name="content">The body to send, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's response; the caller disposes it. It does not carry the token.</returns>
    /// <exception cref="HostNotAllowedException">The URL's host is not one of the provider's; nothing was sent.</exception>
    public Task<HttpResponseMessage> Request(HttpMethod method, string url, string grantId, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        var (context, uri) = UntypedCall(method, url, grantId);
        return Sender.SendRawAsync(method, uri, content, context, cancellationToken);
    }

    /// <summary>As <see cref="Request(HttpMethod, string, string, HttpContent?, CancellationToken)"/>, with a JSON body serialized by <paramref name="jsonTypeInfo"/> (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">An absolute URL on one of the provider's hosts, or a path relative to its API base URL.</param>
    /// <param name="grantId">The grant to act under.</param>
    /// <param name="json">The body.</param>
    /// <param name="jsonTypeInfo">Its serializer metadata (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's response; the caller disposes it. It does not carry the token.</returns>
    public Task<HttpResponseMessage> Request<T>(HttpMethod method, string url, string grantId, T json, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        return Request(method, url, grantId, JsonContent.Create(json, jsonTypeInfo), cancellationToken);
    }

    /// <summary>
    /// As <see cref="Request(HttpMethod, string, string, HttpContent?, CancellationToken)"/>, with a body serialized as JSON
    /// by reflection with the provider's naming policy. Not trimming- or AOT-safe: use the <see cref="JsonTypeInfo{T}"/>
    /// overload there.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">An absolute URL on one of the provider's hosts, or a path relative to its API base URL.</param>
    /// <param name="grantId">The grant to act under.</param>
    /// <param name="json">A body to send as JSON, or null (a call without a body needs no reflection: omit the argument).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's response; the caller disposes it. It does not carry the token.</returns>
    /// <exception cref="HostNotAllowedException">The URL's host is not one of the provider's; nothing was sent.</exception>
    [RequiresUnreferencedCode("Serializes the body by reflection; use the overload taking a JsonTypeInfo<T> or an HttpContent.")]
    [RequiresDynamicCode("Serializes the body by reflection; use the overload taking a JsonTypeInfo<T> or an HttpContent.")]
    public Task<HttpResponseMessage> Request(HttpMethod method, string url, string grantId, object? json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        var (context, uri) = UntypedCall(method, url, grantId);
        var content = json is null ? null : JsonContent.Create(json, json.GetType(), options: context.ResolvedProvider.Json);
        return Sender.SendRawAsync(method, uri, content, context, cancellationToken);
    }

    /// <summary>The context of an untyped call: its grant found once (the pipeline does not look it up again) and its URL.</summary>
    private (CallContext Context, Uri Uri) UntypedCall(HttpMethod method, string url, string grantId)
    {
        var services = Services;
        var grant = services.Grants.Find(grantId);
        var provider = Provider(grant.Provider);
        var bound = services.Grants.ForGrant(provider, grant);
        var uri = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute : new Uri(bound.ApiBaseUri, url.TrimStart('/'));
        var context = new CallContext(Info, provider, grantId, $"{method.Method} {uri.AbsolutePath}", typed: false);
        context.Resolve(grant, bound);
        return (context, uri);
    }

    /// <summary>Reads this app's audit log, newest first (queued rows are written first).</summary>
    public Task<IReadOnlyList<AuditRecord>> Audit(AuditQuery? query = null, CancellationToken cancellationToken = default)
        => Services.Audit.QueryAsync(query ?? new AuditQuery(), cancellationToken);

    /// <summary>The provider of a generated client: found by reference (cheaper than hashing its id on every call).</summary>
    internal ResolvedProvider Provider(ProviderDescriptor descriptor) => Services.Providers.Find(descriptor);

    internal ResolvedProvider Provider(string id) => Services.Providers.Find(id);

    /// <summary>Writes queued audit rows and releases connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_services.IsValueCreated) await _services.Value.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes queued audit rows and releases connections.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
