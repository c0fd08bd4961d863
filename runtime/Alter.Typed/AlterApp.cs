using System.Net.Http.Json;
using Alter.Typed.Audit;
using Alter.Typed.Http;
using Alter.Typed.OAuth;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alter.Typed;

/// <summary>
/// An application's entry point: Connect, grants, the untyped <see cref="Request"/> escape hatch and the audit log.
/// The generator derives a typed <c>App</c> from it with one property per provider (<c>app.Slack</c>, <c>app.GitHub</c>).
/// Dispose it to write the last audit rows.
/// </summary>
public abstract class AlterApp : IAsyncDisposable, IDisposable
{
    private readonly Dictionary<string, ResolvedProvider> _providers;
    private readonly Dictionary<ProviderDescriptor, ResolvedProvider> _byDescriptor = new(ReferenceEqualityComparer.Instance);
    private readonly AlterRuntime _runtime;
    private readonly Connector _connector;
    private readonly TokenRevoker _revoker;
    private readonly HttpClient _http;
    private readonly HttpClient _tokenHttp;
    private readonly HttpMessageHandler? _ownedPrimary;
    private int _disposed;

    /// <summary>Opens the app identified by <paramref name="apiKey"/>, with the given providers.</summary>
    /// <exception cref="ApiKeyException">The key is malformed, unknown or revoked.</exception>
    protected AlterApp(string apiKey, AlterOptions? options, IReadOnlyList<ProviderDescriptor> providers)
    {
        options ??= new AlterOptions();
        ArgumentNullException.ThrowIfNull(providers);
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alter.Typed");
        var db = new AlterDatabase(options.ResolveDatabasePath());
        var app = AlterAdmin.Authenticate(db, apiKey);

        var cipher = new TokenCipher(VaultKey.Resolve(options));
        var grants = new GrantStore(db, cipher, app.Id, options.TimeProvider);
        var stored = new ProviderSettingsStore(db, () => cipher, options.TimeProvider).Load(app.Id, withSecrets: true);

        _providers = new Dictionary<string, ResolvedProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var descriptor in providers)
        {
            options.Providers.TryGetValue(descriptor.Id, out var given);
            var settings = stored.TryGetValue(descriptor.Id, out var kept) ? Merge(given, kept.Settings) : given;
            _providers[descriptor.Id] = _byDescriptor[descriptor] = new ResolvedProvider(descriptor, settings);
        }

        var primary = options.PrimaryHandler ?? (_ownedPrimary = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        _tokenHttp = new HttpClient(primary, disposeHandler: false);
        var oauth = new OAuthClient(_tokenHttp, options.TimeProvider);
        var tokens = new TokenManager(grants, oauth, options.TimeProvider, options.RefreshSkew, logger);
        var audit = new AuditLog(db, app.Id, options.AuditFlushInterval, options.TimeProvider, logger, mode: options.AuditMode);
        _runtime = new AlterRuntime(app, db, grants, tokens, audit, options.TimeProvider, logger);
        var pipeline = new AlterHandler(_runtime, new RateLimitRetry(options, primary)) { InnerHandler = primary };
        _http = new HttpClient(pipeline, disposeHandler: false);
        _connector = new Connector(_runtime, oauth, options);
        _revoker = new TokenRevoker(_tokenHttp);
        Sender = new OperationSender(_http, new HttpMessageInvoker(pipeline, disposeHandler: false), options.Timeout, Provider, _runtime);
    }

    internal OperationSender Sender { get; }

    /// <summary>Options given in code win over settings stored with <c>alter providers configure</c>, field by field.</summary>
    private static ProviderSettings Merge(ProviderSettings? given, ProviderSettings stored) => given is null ? stored : new ProviderSettings
    {
        ClientId = given.ClientId ?? stored.ClientId,
        ClientSecret = given.ClientSecret ?? stored.ClientSecret,
        AuthorizationUrl = given.AuthorizationUrl ?? stored.AuthorizationUrl,
        TokenUrl = given.TokenUrl ?? stored.TokenUrl,
        RefreshUrl = given.RefreshUrl ?? stored.RefreshUrl,
        RevocationUrl = given.RevocationUrl ?? stored.RevocationUrl,
        ApiBaseUrl = given.ApiBaseUrl ?? stored.ApiBaseUrl,
        AllowedHosts = given.AllowedHosts ?? stored.AllowedHosts,
        Scopes = given.Scopes ?? stored.Scopes,
    };

    /// <summary>The app this key opened.</summary>
    public AppInfo Info => _runtime.App;

    /// <summary>The providers this app knows, by id.</summary>
    public IReadOnlyCollection<ProviderDescriptor> Providers => [.. _providers.Values.Select(p => p.Descriptor)];

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
        var results = new List<ConnectResult>();
        foreach (var id in providers)
            results.Add(await _connector.ConnectAsync(Provider(id), options ?? new ConnectOptions(), cancellationToken).ConfigureAwait(false));
        return results;
    }

    /// <summary>Finds one of this app's grants by id; null when there is none.</summary>
    public GrantInfo? GetGrant(string grantId) => _runtime.Grants.Find(grantId);

    /// <summary>Lists this app's grants, optionally for one provider.</summary>
    public IReadOnlyList<GrantInfo> ListGrants(string? provider = null) => _runtime.Grants.List(provider);

    /// <summary>
    /// Revokes a grant: asks the provider to revoke its tokens (when the provider has a revocation endpoint), then deletes
    /// the grant and its tokens from the vault and writes an audit row. Returns false when there was no such grant.
    /// </summary>
    /// <exception cref="RevocationFailedException">The provider refused; the grant is kept so the revocation can be retried.</exception>
    public async Task<bool> RevokeGrant(string grantId, CancellationToken cancellationToken = default)
    {
        var grant = _runtime.Grants.Find(grantId);
        if (grant is null) return false;
        var provider = _runtime.ForGrant(Provider(grant.Provider), grant);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var revokedAtProvider = false;
        if (_runtime.Grants.ReadTokens(grantId) is { } stored && provider.Descriptor.Auth.Kind == AuthKind.OAuth2)
            revokedAtProvider = await _revoker.RevokeAsync(provider, stored.Tokens, cancellationToken).ConfigureAwait(false);
        _runtime.Tokens.Forget(grantId);
        _runtime.Grants.Delete(grantId);
        _runtime.Audit.Write(new AuditRecord(_runtime.Time.GetUtcNow(), _runtime.App.Name, grant.Principal, grant.Provider, "grant.revoke", grant.Id,
            "POST", provider.RevocationUrl is { } url && revokedAtProvider ? new Uri(url).Authority : "local", 0, revokedAtProvider ? "revoked" : "removed",
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, false));
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
        var resolved = Provider(provider);
        var connection = ConnectionValues.Validate(resolved.Descriptor, connectionValues);
        var kind = resolved.Descriptor.Auth.Kind;
        if (kind == AuthKind.OAuth2)
            throw new AlterException($"{resolved.Descriptor.Name} uses OAuth: connect it with app.Connect([\"{resolved.Id}\"]) instead of storing a credential.");
        var value = kind == AuthKind.Basic
            ? (secret.Contains(':') ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)) : throw new AlterException($"{resolved.Descriptor.Name} uses basic auth: pass the credential as user:password."))
            : secret;
        var grant = _runtime.Grants.Save(resolved.Id, principal ?? Environment.UserName, account: null, scopes: [], new TokenSet(value, null, null), connection);
        _runtime.Tokens.Forget(grant.Id);
        _runtime.Audit.Write(new AuditRecord(_runtime.Time.GetUtcNow(), _runtime.App.Name, grant.Principal, resolved.Id, "credential.save", grant.Id, "PUT", "local", 0, "saved", 0, false));
        return grant;
    }

    /// <summary>Deletes a grant and its tokens from the vault (without telling the provider) and audits it. Returns false when there was no such grant.</summary>
    public Task<bool> RemoveGrant(string grantId, CancellationToken cancellationToken = default)
    {
        var grant = _runtime.Grants.Find(grantId);
        if (grant is null) return Task.FromResult(false);
        _runtime.Tokens.Forget(grantId);
        var removed = _runtime.Grants.Delete(grantId);
        _runtime.Audit.Write(new AuditRecord(_runtime.Time.GetUtcNow(), _runtime.App.Name, grant.Principal, grant.Provider, "grant.remove", grant.Id, "DELETE", "local", 0, "removed", 0, false));
        return Task.FromResult(removed);
    }

    /// <summary>
    /// Calls a provider URL directly, under a grant, through the same pipeline as typed calls (token injection,
    /// refresh, host check, audit). The provider is the grant's; a relative <paramref name="url"/> is resolved against its API base URL.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">An absolute URL on one of the provider's hosts, or a path relative to its API base URL.</param>
    /// <param name="grantId">The grant to act under.</param>
    /// <param name="json">A body to send as JSON (serialized with the provider's naming policy), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's response; the caller disposes it. It does not carry the token.</returns>
    /// <exception cref="HostNotAllowedException">The URL's host is not one of the provider's; nothing was sent.</exception>
    public Task<HttpResponseMessage> Request(HttpMethod method, string url, string grantId, object? json = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        var grant = _runtime.Grants.Find(grantId) ?? throw new GrantNotFoundException($"No grant {grantId} in app '{_runtime.App.Name}'. List them with app.ListGrants() or `alter grants list`.");
        var provider = _runtime.ForGrant(Provider(grant.Provider), grant);
        var uri = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute : new Uri(provider.ApiBaseUri, url.TrimStart('/'));
        var content = json is null ? null : JsonContent.Create(json, json.GetType(), options: provider.Json);
        return Sender.SendRawAsync(method, uri, content, provider, grantId, cancellationToken);
    }

    /// <summary>Reads this app's audit log, newest first (queued rows are written first).</summary>
    public Task<IReadOnlyList<AuditRecord>> Audit(AuditQuery? query = null, CancellationToken cancellationToken = default)
        => _runtime.Audit.QueryAsync(query ?? new AuditQuery(), cancellationToken);

    /// <summary>The runtime's parts (for the benchmarks' diagnostics).</summary>
    internal AlterRuntime Runtime => _runtime;

    /// <summary>The provider of a generated client: found by reference (cheaper than hashing its id on every call).</summary>
    internal ResolvedProvider Provider(ProviderDescriptor descriptor)
        => _byDescriptor.TryGetValue(descriptor, out var provider) ? provider : Provider(descriptor.Id);

    internal ResolvedProvider Provider(string id)
        => _providers.TryGetValue(id, out var provider)
            ? provider
            : throw new AlterException($"Unknown provider '{id}'. This app knows: {string.Join(", ", _providers.Keys.Order())}. Add its description (providers/<id>/<id>.provider.json) to the project.");

    /// <summary>Writes queued audit rows and releases connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _runtime.Audit.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _tokenHttp.Dispose();
        _ownedPrimary?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes queued audit rows and releases connections.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
