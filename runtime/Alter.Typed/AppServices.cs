using Alter.Typed.Apps;
using Alter.Typed.Audit;
using Alter.Typed.Http;
using Alter.Typed.OAuth;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging;

namespace Alter.Typed;

/// <summary>
/// The named services behind one <see cref="AlterApp"/>, composed in one place (<see cref="Compose"/>) the first time
/// the app needs them: grant resolution, tokens, audit, OAuth (Connect, revocation), the call pipeline and the sender
/// of typed calls. Each handler of the pipeline gets only the services it uses.
/// </summary>
internal sealed class AppServices
{
    private readonly HttpMessageHandler? _ownedPrimary;
    private readonly HttpClient _http;
    private readonly HttpClient _tokenHttp;

    private AppServices(AlterOptions options, ApiKeyGuard key, AlterDatabase db, IReadOnlyList<ProviderDescriptor> descriptors, ILogger logger)
    {
        var vaultKey = VaultKey.Resolve(options);
        var cipher = new TokenCipher(vaultKey);
        var store = new GrantStore(db, cipher, key.App.Id, options.TimeProvider);
        Providers = ProviderCatalog.Resolve(descriptors, options, new ProviderSettingsStore(db, () => cipher, options.TimeProvider).Load(key.App.Id, withSecrets: true));

        // Redirects are never followed by the network handler: the credential handler follows them itself, only to the
        // provider's hosts, and token, refresh, revocation and Connect calls follow none.
        var primary = options.PrimaryHandler ?? (_ownedPrimary = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false });
        AlterPipeline.DisableAutoRedirect(primary);
        _tokenHttp = new HttpClient(primary, disposeHandler: false);
        var oauth = OAuth = new OAuthClient(_tokenHttp, options.TimeProvider);

        Principals = new PrincipalResolver(key.App, options, key.Agent);
        Delegations = new Delegations.DelegationStore(db, key.App.Id, options.TimeProvider);
        Grants = new GrantResolver(key.App, store, Principals, options.TimeProvider, options.ConnectUrl) { Caller = key.Caller, Delegations = Delegations };
        Agents = new Agents.AgentStore(db, key.App.Id, options.TimeProvider);
        Tokens = new TokenManager(store, oauth, options.RefreshSkew, options.TimeProvider, logger);
        Audit = new AuditLog(db, key.App.Id, AuditChainKeys.From(vaultKey), options.AuditFlushInterval, options.TimeProvider, logger, mode: options.AuditMode,
            export: options.ExportAuditToLogs ? (options.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger(AuditLogExport.Category) : null);
        Connector = new Connector(key.App, store, Tokens, Audit, oauth, options, logger) { Caller = key.Caller };
        WebConnect = new WebConnect(Connector, new ConnectStateStore(db, cipher, key.App.Id, options.TimeProvider), Providers.Find, key.Check, options.TimeProvider, logger);
        Revoker = new TokenRevoker(_tokenHttp);
        Approvals = new ApprovalFlow.ApprovalStore(db, key.App.Id, options);
        var agents = Agents;
        var agentPolicy = AgentPolicy = key.Agent is { } agent
            ? new AgentPolicyEnforcer(agent, db.Description, () => agents.ReadPolicy(agent.Id), options.TimeProvider, options.ApiKeyCheckInterval)
            : null;
        Policies = [.. options.Policies];
        var pipeline = AlterPipeline.Build(Audit, key, Grants, Tokens, options, logger, primary, agentPolicy, new ApprovalFlow.ApprovalGate(Approvals, options));
        _http = new HttpClient(pipeline, disposeHandler: false);
        Sender = new OperationSender(_http, new HttpMessageInvoker(pipeline, disposeHandler: false), options.Timeout, Providers.Find, Grants, new AuditLogSink(Audit), options.TimeProvider, Audit.Store);
    }

    /// <summary>Composes the services of an app whose key <paramref name="key"/> checked.</summary>
    public static AppServices Compose(AlterOptions options, ApiKeyGuard key, AlterDatabase db, IReadOnlyList<ProviderDescriptor> descriptors, ILogger logger)
        => new(options, key, db, descriptors, logger);

    public ProviderCatalog Providers { get; }
    public PrincipalResolver Principals { get; }
    public GrantResolver Grants { get; }
    public TokenManager Tokens { get; }
    public AuditLog Audit { get; }
    public Connector Connector { get; }
    public WebConnect WebConnect { get; }
    public OAuthClient OAuth { get; }
    public TokenRevoker Revoker { get; }
    public Agents.AgentStore Agents { get; }
    public Delegations.DelegationStore Delegations { get; }
    public ApprovalFlow.ApprovalStore Approvals { get; }

    /// <summary>The agent's stored policy, enforced for every call of an app opened with an agent's key; null for the app's own key.</summary>
    public AgentPolicyEnforcer? AgentPolicy { get; }
    public OperationSender Sender { get; }

    /// <summary>The app's policies as the pipeline enforces them (the options' list when the app was composed).</summary>
    public ICallPolicy[] Policies { get; }

    public async ValueTask DisposeAsync()
    {
        await Audit.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _tokenHttp.Dispose();
        _ownedPrimary?.Dispose();
    }
}
