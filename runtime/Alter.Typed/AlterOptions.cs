using Alter.Typed.Http;
using Microsoft.Extensions.Logging;

namespace Alter.Typed;

/// <summary>Options of an <see cref="AlterApp"/>. Every setting has a working default.</summary>
public sealed class AlterOptions
{
    /// <summary>
    /// The folder for the default database and vault key file. Default: <c>ALTER_HOME</c>, else <c>~/.alter</c>.
    /// </summary>
    public string? HomeDirectory { get; set; }

    /// <summary>
    /// The SQLite file holding apps, keys, grants, encrypted tokens and the audit log.
    /// Default: <c>$ALTER_HOME/alter.db</c>, where <c>ALTER_HOME</c> defaults to <c>~/.alter</c>.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// The connection string of a shared store, for several instances of an app (web servers, workers) that must share
    /// one vault, one refresh per grant and one audit trail: a PostgreSQL server, <c>Host=db;Database=alter;Username=alter</c>.
    /// Needs the package <c>AlterTyped.PostgreSql</c> and <c>options.UsePostgreSql()</c>; configuration key <c>Alter:Store</c>.
    /// Default: none, the SQLite file at <see cref="DatabasePath"/>. Its password never appears in a message.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Opens the shared store named by <see cref="ConnectionString"/>; set by a store package's <c>Use...</c> extension (<c>UsePostgreSql</c>).</summary>
    internal Func<string, Vault.AlterDatabase>? SharedStore { get; set; }

    /// <summary>
    /// The 32-byte key that encrypts tokens at rest. Default: the base64 value of <c>ALTER_VAULT_KEY</c>,
    /// else a key created on first use at <c>$ALTER_HOME/vault.key</c> with owner-only permissions.
    /// </summary>
    public byte[]? VaultKey { get; set; }

    /// <summary>Per-provider settings (client credentials, endpoint overrides), by provider id.</summary>
    public IDictionary<string, ProviderSettings> Providers { get; } = new Dictionary<string, ProviderSettings>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where log events go. Default: nowhere. Tokens never appear in them.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The handler that does the network I/O under the credential pipeline. Default: a new <see cref="SocketsHttpHandler"/>
    /// with automatic redirects off. A given <see cref="SocketsHttpHandler"/> or <see cref="HttpClientHandler"/> that has not
    /// sent yet gets <c>AllowAutoRedirect = false</c>; one that already sent, or another handler type, must not follow
    /// redirects itself (the pipeline follows them, only to the provider's hosts): the app cannot change it.
    /// </summary>
    public HttpMessageHandler? PrimaryHandler { get; set; }

    /// <summary>
    /// Handlers of your own, as factories (one new handler per app), added to every provider call between the policies and
    /// the retry handler, in list order (the first is outermost). They see the request and its
    /// <see cref="CallContext"/> (<c>request.Options</c>, key <c>Alter.CallContext</c>), never a credential.
    /// </summary>
    public IList<Func<DelegatingHandler>> Handlers { get; } = [];

    /// <summary>Rules every provider call must pass before anything is sent (fail closed). Default: none.</summary>
    public IList<ICallPolicy> Policies { get; } = [];

    /// <summary>
    /// How long a call needing a human approval (<see cref="AccessPolicyBuilder.RequireApproval"/>) stays pending before it
    /// lapses (<see cref="ApprovalStatus.Expired"/>); the same call made later asks again. Default: 24 hours.
    /// </summary>
    public TimeSpan ApprovalPendingLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an approved call stays usable: the caller must make the same call again within this time, or the approval
    /// lapses unused. Default: 1 hour.
    /// </summary>
    public TimeSpan ApprovalUseWithin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a call needing a human approval waits for the decision, polling the store every
    /// <see cref="ApprovalPollInterval"/> on <see cref="TimeProvider"/>: approved, it goes through; denied, it throws
    /// <see cref="ApprovalDeniedException"/>; still pending at the end, <see cref="ApprovalPendingException"/>.
    /// Zero (the default): it throws <see cref="ApprovalPendingException"/> at once. Keep it below <see cref="Timeout"/>,
    /// which bounds a typed call, the wait included.
    /// </summary>
    public TimeSpan ApprovalWait { get; set; } = TimeSpan.Zero;

    /// <summary>How often a call waiting for an approval (<see cref="ApprovalWait"/>) reads the store. Default: 2 seconds.</summary>
    public TimeSpan ApprovalPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a running app re-checks that its API key is still valid (on a call, through <see cref="TimeProvider"/>):
    /// a key revoked with <c>alter keys revoke</c> stops the app's calls within this time. Default: 30 seconds.
    /// </summary>
    public TimeSpan ApiKeyCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a user's delegation of a grant to an agent may last (<see cref="AlterDelegations.Create"/> refuses a
    /// longer <c>expiresIn</c>). Default: 30 days.
    /// </summary>
    public TimeSpan MaxDelegationLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Whom a call acts for when its client names nobody (<c>ForUser</c>): the current request's user in a web app (the
    /// ASP.NET Core integration sets it), or null for the app itself. It may throw to refuse a call (no signed-in user
    /// where one is required); it never picks some other user. Default: none, so calls act for the app itself, with
    /// the app's own (system) grants only.
    /// </summary>
    public Func<CancellationToken, ValueTask<Principal?>>? PrincipalSource { get; set; }

    /// <summary>
    /// For code without dependency injection: returns the current user's access token (a JWT), validated with
    /// <see cref="UserTokenValidator"/> on each call to find whom the call acts for. Null token: the app itself.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? UserTokenGetter { get; set; }

    /// <summary>Validates the tokens <see cref="UserTokenGetter"/> returns (<c>AddJwtPrincipals</c> sets a JWT validator).</summary>
    public IUserTokenValidator? UserTokenValidator { get; set; }

    /// <summary>
    /// Where a user who must connect a provider is sent: given the provider id and the principal, the URL of your app's
    /// Connect page (the ASP.NET Core integration sets it). It becomes <see cref="ConnectRequiredException.ConnectUrl"/>.
    /// Default: none.
    /// </summary>
    public Func<string, Principal, Uri?>? ConnectUrl { get; set; }

    /// <summary>The clock (tests move it to expire tokens). Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = DefaultClock;

    /// <summary>The one default clock: every other clock setting (the JWT validator's) falls back to the app's, then to this.</summary>
    internal static TimeProvider DefaultClock => TimeProvider.System;

    /// <summary>How long before expiry a token is refreshed instead of used. Default: 60 seconds.</summary>
    public TimeSpan RefreshSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Opens the authorization URL during <see cref="AlterApp.Connect"/>. Default: the system browser,
    /// or the URL printed to standard error when none can be started.
    /// </summary>
    public Func<Uri, CancellationToken, Task>? OpenBrowser { get; set; }

    /// <summary>How long Connect waits for the browser to come back. Default: 5 minutes.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one typed call may take, retries included, before it fails with a <see cref="TaskCanceledException"/>
    /// whose inner exception is a <see cref="TimeoutException"/> (as <see cref="HttpClient.Timeout"/>). Default: 100 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How many times a rate-limited (429) or transiently failed call is retried; 0: never. Default: 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The longest wait for a provider's <c>Retry-After</c>/<c>x-ratelimit-reset</c> that is honoured; a longer one is
    /// not waited for and the call fails with the provider's 429. Default: 30 seconds.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often queued audit rows are written. Default: 1 second (and always on dispose or before a read).</summary>
    public TimeSpan AuditFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a call waits for its audit row to be committed (<see cref="AuditMode.Durable"/>, the default) or only
    /// queues it (<see cref="AuditMode.Buffered"/>).
    /// </summary>
    public AuditMode AuditMode { get; set; } = AuditMode.Durable;

    /// <summary>
    /// Also log every committed audit row (default false): one record per row at <c>Information</c> on the logger category
    /// <c>Alter.Typed.Audit</c> (event 950 <c>AuditRow</c>) of <see cref="LoggerFactory"/>, its columns, id, sequence
    /// number and chain MAC as attributes, so a host that adds OpenTelemetry logging exports the audit trail. Opt-in: a
    /// host logging Information to its console would otherwise print a line per call. Never carries a token.
    /// </summary>
    public bool ExportAuditToLogs { get; set; }

    internal string ResolveHome()
        => HomeDirectory ?? (Environment.GetEnvironmentVariable("ALTER_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".alter"));

    internal string ResolveDatabasePath() => DatabasePath ?? Path.Combine(ResolveHome(), "alter.db");

    /// <summary>
    /// The store these options name: the shared store of <see cref="ConnectionString"/> when one is set (never the SQLite
    /// file instead: an app that was told to share a vault must not quietly keep its own), else the SQLite file.
    /// </summary>
    internal Vault.AlterDatabase OpenStore()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) return new Vault.SqliteDatabase(ResolveDatabasePath());
        if (SharedStore is null)
            throw new AlterException("AlterOptions.ConnectionString (configuration key Alter:Store) names a shared store, but no store package is set up to open it: add the package AlterTyped.PostgreSql and call options.UsePostgreSql() (in services.AddAlter(options => options.UsePostgreSql())).");
        return SharedStore(ConnectionString);
    }
}

/// <summary>
/// Settings of one provider for this app: its OAuth client credentials and, for a sandbox or a
/// self-hosted instance, endpoint overrides. Unset values come from the provider's description.
/// </summary>
public sealed class ProviderSettings
{
    /// <summary>The OAuth client id. Default: <c>ALTER_&lt;ID&gt;_CLIENT_ID</c> (for example <c>ALTER_SLACK_CLIENT_ID</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret. Default: <c>ALTER_&lt;ID&gt;_CLIENT_SECRET</c>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Overrides the authorization endpoint.</summary>
    public string? AuthorizationUrl { get; set; }

    /// <summary>Overrides the token endpoint.</summary>
    public string? TokenUrl { get; set; }

    /// <summary>Overrides the refresh endpoint (by default the description's, else the token endpoint).</summary>
    public string? RefreshUrl { get; set; }

    /// <summary>Overrides the revocation endpoint.</summary>
    public string? RevocationUrl { get; set; }

    /// <summary>Overrides the API base URL.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Replaces the hosts a token may be sent to (entries are <c>host</c> or <c>host:port</c>).</summary>
    public IReadOnlyList<string>? AllowedHosts { get; set; }

    /// <summary>Overrides the scopes requested on Connect.</summary>
    public IReadOnlyList<string>? Scopes { get; set; }
}
