using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;

namespace Alter.Typed.OAuth;

/// <summary>
/// The browser leg of OAuth for a native app: authorization code + PKCE (S256, when the provider supports it)
/// + <c>state</c>, with a loopback redirect. Nothing is stored unless every check passed and the code was exchanged.
/// </summary>
internal sealed partial class Connector(AppInfo app, Vault.GrantStore grants, TokenManager tokens, Audit.AuditLog audit, OAuthClient oauth, AlterOptions options, ILogger logger)
{
    public async Task<ConnectResult> ConnectAsync(ResolvedProvider provider, ConnectOptions connect, CancellationToken cancellationToken)
    {
        var connection = ConnectionValues.Validate(provider.Descriptor, connect.ConnectionValues);
        if (connection.Count > 0) provider = provider.Bind(connection);
        var started = options.TimeProvider.GetTimestamp();
        var name = provider.Descriptor.Name;
        if (provider.Descriptor.Auth.Kind != AuthKind.OAuth2)
            throw new ConnectException($"{name} does not use OAuth; store its {provider.Descriptor.Auth.Kind} credential instead.");
        if (provider.AuthorizationUrl is null || provider.TokenUrl is null)
            throw new ConnectException($"{name}'s description lacks an authorization or token URL.");
        if (string.IsNullOrEmpty(provider.ClientId))
            throw new ConnectException($"Connecting {name} needs an OAuth client id: set AlterOptions.Providers[\"{provider.Id}\"].ClientId (and ClientSecret), or ALTER_{provider.Id.ToUpperInvariant().Replace('-', '_')}_CLIENT_ID.");

        using var listener = LoopbackListener.Start();
        var redirectUri = listener.RedirectUri.ToString();
        var state = CryptoRandom.CreateUniqueId(32);
        var verifier = provider.Descriptor.Auth.Pkce ? CryptoRandom.CreateUniqueId(48) : null;
        var userToken = connect.UserScopes is { Count: > 0 };
        if (userToken && provider.Descriptor.Auth.UserScopeParameter is null)
            throw new ConnectException($"{name} issues no separate user tokens: connect without UserScopes.");
        var scopes = connect.Scopes ?? (userToken ? [] : provider.Scopes);
        var extra = new Parameters(provider.Descriptor.Auth.AuthorizationParameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        if (userToken) extra.Add(provider.Descriptor.Auth.UserScopeParameter!, string.Join(provider.Descriptor.Auth.ScopeSeparator, connect.UserScopes!));
        var authorizeUrl = new RequestUrl(provider.AuthorizationUrl).CreateAuthorizeUrl(
            clientId: provider.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: scopes.Count == 0 ? null : string.Join(provider.Descriptor.Auth.ScopeSeparator, scopes),
            redirectUri: redirectUri,
            state: state,
            codeChallenge: verifier is null ? null : System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            codeChallengeMethod: verifier is null ? null : OidcConstants.CodeChallengeMethods.Sha256,
            extra: extra);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var callbackTask = listener.WaitForCallbackAsync(state, p => Page(p, state, name), timeout.Token);
        LogOpening(logger, provider.Id, redirectUri);

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
        var result = await oauth.ExchangeCodeAsync(provider, code, redirectUri, verifier, userToken, cancellationToken).ConfigureAwait(false);
        if (result.Tokens is null)
            throw new ConnectException($"{name} refused the authorization code ({result.Error}{(result.ErrorDescription is null ? "" : ": " + result.ErrorDescription)}). Nothing was stored.");

        var principal = connect.Principal ?? Environment.UserName;
        var grant = grants.Save(provider.Id, principal, result.Account, result.Scopes.Count > 0 ? result.Scopes : userToken ? connect.UserScopes! : scopes, result.Tokens, connection);
        tokens.Forget(grant.Id);
        audit.Write(new AuditRecord(options.TimeProvider.GetUtcNow(), app.Name, principal, provider.Id, "connect", grant.Id, "GET",
            new Uri(provider.TokenUrl).Authority, 200, "connected", options.TimeProvider.GetElapsedTime(started).TotalMilliseconds, false));
        LogConnected(logger, provider.Id, grant.Id);
        return new ConnectResult(provider.Id, grant.Id, principal, result.Account, grant.Scopes);
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
