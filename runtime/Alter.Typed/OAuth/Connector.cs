using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;

namespace Alter.Typed.OAuth;

/// <summary>
/// The browser leg of OAuth: authorization code + PKCE (S256, when the provider supports it) + <c>state</c>. Its steps
/// (<see cref="Prepare"/>, <see cref="AuthorizeUrl"/>, <see cref="ExchangeAndSaveAsync"/>) serve both the native app's
/// loopback redirect (<see cref="ConnectAsync"/>) and the web app's callback (<see cref="WebConnect"/>). Nothing is
/// stored unless every check passed and the code was exchanged.
/// </summary>
internal sealed partial class Connector(AppInfo app, Vault.GrantStore grants, TokenManager tokenCache, Audit.AuditLog audit, OAuthClient oauth, AlterOptions options, ILogger logger)
{
    /// <summary>The audit rows' caller: the app's name, or the agent whose key opened the app.</summary>
    public string Caller { get; init; } = app.Name;

    /// <summary>
    /// The loopback flow of a CLI or desktop app: prepare, open the browser, wait for the redirect, exchange, and store
    /// the grant owned by <paramref name="owner"/>.
    /// </summary>
    public async Task<ConnectResult> ConnectAsync(ResolvedProvider provider, ConnectOptions connect, Principal owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var plan = Prepare(provider, connect.ConnectionValues, connect.Scopes, connect.UserScopes);
        var started = options.TimeProvider.GetTimestamp();
        var name = plan.Provider.Descriptor.Name;

        using var listener = LoopbackListener.Start();
        var redirectUri = listener.RedirectUri.ToString();
        var state = NewState();
        var verifier = NewVerifier(plan);
        var authorizeUrl = AuthorizeUrl(plan, redirectUri, state, verifier);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var callbackTask = listener.WaitForCallbackAsync(state, p => Page(p, state, name), timeout.Token);
        LogOpening(logger, plan.Provider.Id, redirectUri);

        IReadOnlyDictionary<string, string> callback;
        try
        {
            try
            {
                await OpenBrowserAsync(new Uri(authorizeUrl), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ConnectException($"Could not open the browser to connect {name}. Nothing was stored.", e);
            }
            callback = await callbackTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectException($"Connecting {name} timed out after {options.ConnectTimeout.TotalSeconds:0} s waiting for the browser to come back to {redirectUri}{(listener.RefusedCallbacks > 0 ? $"; {listener.RefusedCallbacks} request(s) arrived with a state this Connect did not issue and were refused (a stale browser tab, or a page forging the redirect: CSRF)" : "")}. Nothing was stored.");
        }

        var code = Validate(callback, state, name);
        return await ExchangeAndSaveAsync(plan, code, redirectUri, verifier, owner, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Step 1 of every Connect (loopback or web): checks that the provider can be connected by OAuth with this app's
    /// client, binds its connection values and settles the scopes. Throws <see cref="ConnectException"/> before anything is sent.
    /// </summary>
    public static ConnectPlan Prepare(ResolvedProvider provider, IReadOnlyDictionary<string, string>? connectionValues, IReadOnlyList<string>? scopes, IReadOnlyList<string>? userScopes)
    {
        var connection = ConnectionValues.Validate(provider.Descriptor, connectionValues);
        if (connection.Count > 0) provider = provider.Bind(connection);
        var name = provider.Descriptor.Name;
        if (provider.Descriptor.Auth.Kind != AuthKind.OAuth2)
            throw new ConnectException($"{name} does not use OAuth; store its {provider.Descriptor.Auth.Kind} credential instead.");
        if (provider.AuthorizationUrl is null || provider.TokenUrl is null)
            throw new ConnectException($"{name}'s description lacks an authorization or token URL.");
        if (string.IsNullOrEmpty(provider.ClientId))
            throw new ConnectException($"Connecting {name} needs an OAuth client id: set AlterOptions.Providers[\"{provider.Id}\"].ClientId (and ClientSecret), or ALTER_{provider.Id.ToUpperInvariant().Replace('-', '_')}_CLIENT_ID.");
        var userToken = userScopes is { Count: > 0 };
        if (userToken && provider.Descriptor.Auth.UserScopeParameter is null)
            throw new ConnectException($"{name} issues no separate user tokens: connect without UserScopes.");
        return new ConnectPlan(provider, connection, scopes ?? (userToken ? [] : provider.Scopes), userToken ? userScopes : null);
    }

    /// <summary>A fresh <c>state</c>: 32 random characters, unguessable (CSRF).</summary>
    public static string NewState() => CryptoRandom.CreateUniqueId(32);

    /// <summary>A fresh PKCE verifier when the provider supports PKCE, else null.</summary>
    public static string? NewVerifier(ConnectPlan plan) => plan.Provider.Descriptor.Auth.Pkce ? CryptoRandom.CreateUniqueId(48) : null;

    /// <summary>Step 2: the provider's authorize URL for this plan, redirect URI, state and PKCE verifier (sent as its S256 challenge).</summary>
    public static string AuthorizeUrl(ConnectPlan plan, string redirectUri, string state, string? verifier)
    {
        var provider = plan.Provider;
        var auth = provider.Descriptor.Auth;
        var extra = new Parameters(auth.AuthorizationParameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        if (plan.UserToken) extra.Add(auth.UserScopeParameter!, string.Join(auth.ScopeSeparator, plan.UserScopes!));
        return new RequestUrl(provider.AuthorizationUrl!).CreateAuthorizeUrl(
            clientId: provider.ClientId!,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: plan.Scopes.Count == 0 ? null : string.Join(auth.ScopeSeparator, plan.Scopes),
            redirectUri: redirectUri,
            state: state,
            codeChallenge: verifier is null ? null : System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            codeChallengeMethod: verifier is null ? null : OidcConstants.CodeChallengeMethods.Sha256,
            extra: extra);
    }

    /// <summary>
    /// Step 3: exchanges the code (with the same redirect URI and the PKCE verifier), then stores the grant as
    /// <paramref name="owner"/>'s and audits it (<see cref="SaveConnected"/>). Nothing is stored when the provider refuses the code.
    /// </summary>
    public async Task<ConnectResult> ExchangeAndSaveAsync(ConnectPlan plan, string code, string redirectUri, string? verifier, Principal owner, long started, CancellationToken cancellationToken)
    {
        var provider = plan.Provider;
        var name = provider.Descriptor.Name;
        var result = await oauth.ExchangeCodeAsync(provider, code, redirectUri, verifier, plan.UserToken, cancellationToken).ConfigureAwait(false);
        if (result.Tokens is null)
            throw new ConnectException($"{name} refused the authorization code ({result.Error}{(result.ErrorDescription is null ? "" : ": " + result.ErrorDescription)}). Nothing was stored.");

        return SaveConnected(provider, owner, result.Tokens, result.Account, result.Scopes.Count > 0 ? result.Scopes : plan.UserToken ? plan.UserScopes! : plan.Scopes, plan.Connection, started);
    }

    /// <summary>
    /// Stores a connection whose authorization code was exchanged elsewhere (the web Connect, after its own redirect and
    /// exchange) as a grant owned by <paramref name="owner"/>, and audits it. Re-connecting the same account by the same
    /// owner keeps the grant id; the same account connected by another owner is another grant.
    /// </summary>
    /// <param name="provider">The provider, bound to <paramref name="connectionValues"/> when it has any.</param>
    /// <param name="owner">Who owns the grant: the signed-in user who consented (never taken from the browser's request).</param>
    /// <param name="tokens">The tokens the token endpoint returned.</param>
    /// <param name="account">The provider-side account the token response named, if any.</param>
    /// <param name="scopes">The scopes granted.</param>
    /// <param name="connectionValues">The per-connection values validated for the provider (<see cref="ConnectionValues.Validate"/>), or null.</param>
    /// <param name="started">When the Connect started (<see cref="TimeProvider.GetTimestamp"/>), for the audit row's latency; 0 when unknown.</param>
    public ConnectResult SaveConnected(ResolvedProvider provider, Principal owner, Vault.TokenSet tokens, string? account, IReadOnlyList<string> scopes,
        IReadOnlyDictionary<string, string>? connectionValues = null, long started = 0)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(tokens);
        var grant = grants.Save(provider.Id, owner, account, scopes, tokens, connectionValues);
        tokenCache.Forget(grant.Id);
        var latency = started == 0 ? 0 : options.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
        audit.Write(new AuditRecord(options.TimeProvider.GetUtcNow(), Caller, owner.Key, provider.Id, "connect", grant.Id, "GET",
            provider.TokenUrl is { } tokenUrl ? new Uri(tokenUrl).Authority : "local", 200, "connected", latency, false));
        LogConnected(logger, provider.Id, grant.Id);
        return new ConnectResult(provider.Id, grant.Id, owner, account, grant.Scopes);
    }

    /// <summary>Checks the redirect: the state must be ours (CSRF), and the provider must have sent a code rather than an error.</summary>
    private static string Validate(IReadOnlyDictionary<string, string> callback, string state, string name)
    {
        if (!callback.TryGetValue("state", out var returned) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(returned), Encoding.UTF8.GetBytes(state)))
            throw new ConnectException($"The redirect back from {name} carried a state that this Connect did not issue: it may be forged (CSRF), so it was refused. Nothing was stored; connect again.");
        if (callback.TryGetValue("error", out var error))
        {
            var description = callback.TryGetValue("error_description", out var d) ? ": " + d : "";
            throw new ConnectException($"{name} did not authorize the app ({error}{description}). Nothing was stored.");
        }
        if (!callback.TryGetValue("code", out var code) || code.Length == 0)
            throw new ConnectException($"The redirect back from {name} carried no authorization code. Nothing was stored.");
        return code;
    }

    private static (int, string) Page(IReadOnlyDictionary<string, string> callback, string state, string name)
    {
        var ok = callback.TryGetValue("state", out var s) && s == state && callback.ContainsKey("code") && !callback.ContainsKey("error");
        var message = ok ? $"{name} is connected. You can close this window." : $"Connecting {name} failed. Return to the application for details.";
        return (ok ? 200 : 400, $"<!doctype html><html><head><meta charset=\"utf-8\"><title>AlterTyped</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
    }

    private async Task OpenBrowserAsync(Uri url, CancellationToken cancellationToken)
    {
        if (options.OpenBrowser is { } open)
        {
            await open(url, cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            using var process = Process.Start(new ProcessStartInfo(url.ToString()) { UseShellExecute = true });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // No browser here (a server, a container): let the person open it wherever they are.
            await Console.Error.WriteLineAsync($"Open this URL in a browser to connect: {url}").ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Connecting {Provider}: waiting for the browser at {RedirectUri}")]
    private static partial void LogOpening(ILogger logger, string provider, string redirectUri);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Connected {Provider} as grant {GrantId}")]
    private static partial void LogConnected(ILogger logger, string provider, string grantId);
}
