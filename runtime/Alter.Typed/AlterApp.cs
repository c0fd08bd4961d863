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
public abstract partial class AlterApp : IAsyncDisposable, IDisposable
{
    private readonly ApiKeyGuard _key;
    private readonly Lazy<AppServices> _services;
    private readonly TimeProvider _time;
    private int _disposed;

    /// <summary>Opens the app identified by <paramref name="apiKey"/>, with the given providers.</summary>
    /// <exception cref="ApiKeyException">The key is malformed, unknown or revoked.</exception>
    protected AlterApp(string apiKey, AlterOptions? options, IReadOnlyList<ProviderDescriptor> providers)
        : this(options ??= new AlterOptions(), db => new ApiKeyGuard(db, apiKey, options.TimeProvider, options.ApiKeyCheckInterval), providers)
    {
    }

    /// <summary>
    /// Opens <paramref name="app"/> for the store's own administrator, without an API key: the portal (Alter.Typed.AspNetCore),
    /// whose user signed in to it, acts on any app of the store through the same methods the CLI uses with the app's key.
    /// Its audit rows name <paramref name="caller"/> (for example <c>portal:alice</c>).
    /// </summary>
    internal AlterApp(AppInfo app, string caller, AlterOptions options, IReadOnlyList<ProviderDescriptor> providers)
        : this(options, db => new ApiKeyGuard(app, caller, options.TimeProvider), providers)
    {
    }

    private AlterApp(AlterOptions options, Func<AlterDatabase, ApiKeyGuard> key, IReadOnlyList<ProviderDescriptor> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var db = options.OpenStore();
        _key = key(db);
        _time = options.TimeProvider;
        MaxDelegationLifetime = options.MaxDelegationLifetime;
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alter.Typed");
        _services = new(() => AppServices.Compose(options, _key, db, providers, logger), LazyThreadSafetyMode.ExecutionAndPublication);
        Users = new AlterUsers(this);
        Agents = new AlterAgents(this);
        Delegations = new AlterDelegations(this);
        Approvals = new AlterApprovals(this);
    }

    private AppServices Services => _services.Value;

    internal OperationSender Sender => _services.Value.Sender;

    /// <summary>The grant store (tests count its reads).</summary>
    internal GrantStore GrantStore => Services.Grants.Store;

    /// <summary>The audit log (for the benchmarks' diagnostics).</summary>
    internal AuditLog AuditLog => Services.Audit;

    /// <summary>
    /// The Connect flow and its save path: the web Connect (Alter.Typed.AspNetCore) exchanges the code itself, then
    /// stores the grant for the signed-in user with <see cref="OAuth.Connector.SaveConnected"/>.
    /// </summary>
    internal OAuth.Connector Connector => Services.Connector;

    /// <summary>The token endpoint client (code exchange, refresh), for the web Connect's own code exchange.</summary>
    internal OAuth.OAuthClient OAuthClient => Services.OAuth;

    /// <summary>Decides whom calls act for (the app's principal, the options' sources).</summary>
    internal PrincipalResolver Principals => Services.Principals;

    /// <summary>The options' clock.</summary>
    internal TimeProvider Time => _time;

    /// <summary>The composed services (the users' lifecycle uses the revoker, tokens and audit).</summary>
    internal AppServices ServicesForUsers => Services;

    /// <summary>
    /// The principals that own grants in this app (users, agents, the app itself): list them, show one's grants, remove
    /// one (revoking each grant at its provider and wiping its tokens from the store).
    /// </summary>
    public AlterUsers Users { get; }

    /// <summary>The app this key opened.</summary>
    public AppInfo Info => _key.App;

    /// <summary>
    /// The agent an agent key (<c>alter_key_agent_…</c>) opened this app as; null for the app's own key. An agent's app
    /// acts for the agent only and sees only the grants the agent owns.
    /// </summary>
    public AgentInfo? Agent => _key.Agent;

    /// <summary>The app's agents: create one (with its first key), list, show, mint, deprecate and revoke keys, remove. Needs the app's own key.</summary>
    public AlterAgents Agents { get; }

    /// <summary>
    /// Users' grants lent to agents: create (for a user, to an agent, with an expiry and optional narrower operations),
    /// list, revoke. An agent uses one with <c>WithDelegation(id)</c>. Needs the app's own key, except an agent's app
    /// listing the delegations made to it.
    /// </summary>
    public AlterDelegations Delegations { get; }

    /// <summary>The options' <see cref="AlterOptions.MaxDelegationLifetime"/>.</summary>
    internal TimeSpan MaxDelegationLifetime { get; }

    /// <summary>
    /// Human approvals of calls that a policy holds (<see cref="AccessPolicyBuilder.RequireApproval"/>): list the pending
    /// ones, approve or deny them. Each approval is bound to one exact call and lets it through once. Needs the app's own key.
    /// </summary>
    public AlterApprovals Approvals { get; }

    /// <summary>The app's policies as its pipeline enforces them (<see cref="CallPermission"/> asks them before a call exists).</summary>
    internal ICallPolicy[] Policies => Services.Policies;

    /// <summary>The agent's stored policy for an app opened with an agent's key; null for the app's own key.</summary>
    internal AgentPolicyEnforcer? AgentPolicy => Services.AgentPolicy;

    /// <summary>The delegation and its grant, checked now as a call through it would be (<see cref="DelegationException"/> otherwise).</summary>
    internal (Delegation Delegation, GrantInfo Grant) CheckDelegation(string delegationId) => Services.Grants.CheckDelegation(delegationId, _time.GetUtcNow());

    /// <summary>The audit rows' caller: the app's name, or the agent.</summary>
    internal string Caller => _key.Caller;

    /// <summary>Checks the key is still valid (on its interval).</summary>
    internal void CheckKey() => _key.Check();

    /// <summary>Checks the key is still valid (on its interval) and refuses administration to an agent's app.</summary>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    internal void RequireAppKey(string what)
    {
        _key.Check();
        if (_key.Agent is { } agent)
            throw new AgentAccessException($"{what} needs the app's own key; this app was opened with the key of agent '{agent.Name}' ({agent.Id}), which sees only its own grants.");
    }

    /// <summary>The providers this app knows, by id.</summary>
    public IReadOnlyCollection<ProviderDescriptor> Providers => [.. Services.Providers.All.Select(p => p.Descriptor)];

    /// <summary>
    /// Connects providers through the browser (authorization code + PKCE + state, loopback redirect) and returns a grant per provider.
    /// </summary>
    /// <param name="providers">Provider ids, for example <c>["slack"]</c>.</param>
    /// <param name="options">Who owns the grants (default: whom calls act for now, else the app itself), and scopes.</param>
    /// <param name="cancellationToken">Cancels the wait for the browser.</param>
    /// <exception cref="ConnectException">The flow failed; nothing was stored.</exception>
    public async Task<IReadOnlyList<ConnectResult>> Connect(IEnumerable<string> providers, ConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _key.Check();
        options ??= new ConnectOptions();
        // Decided once, the way a call decides it: a Connect and the calls after it agree on the owner.
        var owner = options.Owner is { } named ? Services.Principals.Named(named) : await Services.Principals.ResolveAsync(null, cancellationToken).ConfigureAwait(false);
        var results = new List<ConnectResult>();
        foreach (var id in providers)
            results.Add(await Services.Connector.ConnectAsync(Provider(id), options, owner, cancellationToken).ConfigureAwait(false));
        return results;
    }

    /// <summary>
    /// Connect from a web app: the provider redirects back to your site's callback and the grant becomes the signed-in
    /// user's (<see cref="Alter.Typed.WebConnect.Begin"/>, <see cref="Alter.Typed.WebConnect.CompleteAsync"/>), and connect sessions for browser apps.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent key opened this app (web Connect creates users' grants).</exception>
    public WebConnect WebConnect
    {
        get
        {
            RequireAppKey("Web Connect");
            return Services.WebConnect;
        }
    }

    /// <summary>
    /// Finds one of this app's grants by id, whoever owns it (administration: <see cref="GrantInfo.Owner"/> says whose);
    /// null when there is none. Calls never use this: they only see the grants of the principal they act for.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public GrantInfo? GetGrant(string grantId)
    {
        RequireAppKey("Reading any owner's grant");
        return Services.Grants.Store.FindAnyOwner(grantId);
    }

    /// <summary>
    /// Lists this app's grants, whoever owns them (administration), optionally for one provider. One principal's grants:
    /// <see cref="AlterUsers.Show"/>.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public IReadOnlyList<GrantInfo> ListGrants(string? provider = null)
    {
        RequireAppKey("Listing every owner's grants");
        return Services.Grants.Store.ListAllOwners(provider);
    }

    /// <summary>
    /// Revokes a grant, whoever owns it (administration): asks the provider to revoke its tokens (when the provider has a
    /// revocation endpoint), then deletes the grant and its tokens from the vault and writes an audit row. Returns false
    /// when there was no such grant. For a grant id that came from a user, use <see cref="AlterUsers.RevokeGrant"/>, which
    /// only revokes that user's own.
    /// </summary>
    /// <exception cref="RevocationFailedException">The provider refused; the grant is kept so the revocation can be retried.</exception>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public async Task<bool> RevokeGrant(string grantId, CancellationToken cancellationToken = default)
    {
        RequireAppKey("Revoking any owner's grant");
        var services = Services;
        var grant = services.Grants.Store.FindAnyOwner(grantId);
        if (grant is null) return false;
        var started = _time.GetTimestamp();
        var (provider, revokedAtProvider) = await RevokeAtProviderAsync(grant, cancellationToken).ConfigureAwait(false);
        services.Tokens.Forget(grantId);
        services.Grants.Store.Delete(grantId);
        AuditRevocation(grant, RevocationHost(provider, revokedAtProvider), revokedAtProvider, "grant.revoke", started);
        return true;
    }

    /// <summary>Asks the grant's provider to revoke its tokens (OAuth grants whose provider can); throws <see cref="RevocationFailedException"/> when it refused.</summary>
    internal async Task<(ResolvedProvider Provider, bool Revoked)> RevokeAtProviderAsync(GrantInfo grant, CancellationToken cancellationToken)
    {
        var services = Services;
        var provider = services.Grants.ForGrant(Provider(grant.Provider), grant);
        if (provider.Descriptor.Auth.Kind != AuthKind.OAuth2 || services.Grants.Store.ReadTokens(grant.Id) is not { } stored) return (provider, false);
        return (provider, await services.Revoker.RevokeAsync(provider, stored.Tokens, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The audit row's host of a revocation: the provider's revocation endpoint when it revoked, else <c>local</c>.</summary>
    internal static string RevocationHost(ResolvedProvider provider, bool revokedAtProvider)
        => provider.RevocationUrl is { } url && revokedAtProvider ? new Uri(url).Authority : "local";

    /// <summary>The audit row of a grant revoked (at the provider) or only removed (locally).</summary>
    internal void AuditRevocation(GrantInfo grant, string host, bool revokedAtProvider, string operation, long started)
        => Services.Audit.Write(new AuditRecord(_time.GetUtcNow(), Caller, grant.Owner.Key, grant.Provider, operation, grant.Id,
            "POST", host, 0, revokedAtProvider ? "revoked" : "removed", _time.GetElapsedTime(started).TotalMilliseconds, false));

    /// <summary>
    /// Stores a static credential (API key, bearer token, or <c>user:password</c> for basic auth) for a provider whose
    /// description says so, and returns the grant that calls will use. The secret is write-only: it is encrypted in the
    /// vault and never returned.
    /// </summary>
    /// <param name="provider">The provider id.</param>
    /// <param name="secret">The credential; for basic auth, <c>user:password</c>.</param>
    /// <param name="owner">Who owns the grant: only calls acting for this principal can use it. Default: the app itself (a system credential), or the agent when an agent key opened the app (an agent saves credentials only for itself).</param>
    /// <param name="connectionValues">Values the provider's URLs need (for example a region), as its description declares them.</param>
    public GrantInfo SaveCredential(string provider, string secret, Principal? owner = null, IReadOnlyDictionary<string, string>? connectionValues = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key.Check(); // a revoked (or expired agent) key stores nothing, as it sends nothing
        var services = Services;
        var resolved = Provider(provider);
        var connection = ConnectionValues.Validate(resolved.Descriptor, connectionValues);
        var kind = resolved.Descriptor.Auth.Kind;
        if (kind == AuthKind.OAuth2)
            throw new AlterException($"{resolved.Descriptor.Name} uses OAuth: connect it with app.Connect([\"{resolved.Id}\"]) instead of storing a credential.");
        var value = kind == AuthKind.Basic
            ? (secret.Contains(':') ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)) : throw new AlterException($"{resolved.Descriptor.Name} uses basic auth: pass the credential as user:password."))
            : secret;
        var grant = services.Grants.Store.Save(resolved.Id, owner is null ? services.Principals.Self : services.Principals.Named(owner), account: null, scopes: [], new TokenSet(value, null, null), connection);
        services.Tokens.Forget(grant.Id);
        services.Audit.Write(new AuditRecord(_time.GetUtcNow(), Caller, grant.Owner.Key, resolved.Id, "credential.save", grant.Id, "PUT", "local", 0, "saved", 0, false));
        return grant;
    }

    /// <summary>Deletes a grant and its tokens from the vault (without telling the provider) and audits it. Returns false when there was no such grant.</summary>
    /// <exception cref="AgentAccessException">An agent key opened this app.</exception>
    public Task<bool> RemoveGrant(string grantId, CancellationToken cancellationToken = default)
    {
        RequireAppKey("Removing any owner's grant");
        var services = Services;
        var grant = services.Grants.Store.FindAnyOwner(grantId);
        if (grant is null) return Task.FromResult(false);
        services.Tokens.Forget(grantId);
        var removed = services.Grants.Store.Delete(grantId);
        services.Audit.Write(new AuditRecord(_time.GetUtcNow(), Caller, grant.Owner.Key, grant.Provider, "grant.remove", grant.Id, "DELETE", "local", 0, "removed", 0, false));
        return Task.FromResult(removed);
    }

    /// <summary>
    /// Reads this app's audit log, newest first (queued rows are written first). An agent's app reads only the rows of
    /// calls acting for the agent.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent's app asked for another principal's rows.</exception>
    public Task<IReadOnlyList<AuditRecord>> Audit(AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AuditQuery();
        if (Services.Principals.Agent is { } agent)
            query = query with { Principal = Services.Principals.Named(query.Principal ?? agent) };
        return Services.Audit.QueryAsync(query, cancellationToken);
    }

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
