using System.Security.Cryptography;
using System.Text;
using Alter.Typed.OAuth;
using Alter.Typed.Vault;
using Microsoft.Extensions.Logging;

namespace Alter.Typed;

/// <summary>
/// Connect from a web app (<c>app.WebConnect</c>): the person is signed in to your site, the provider redirects back to a
/// callback of your site, and the grant becomes that person's. <see cref="Begin"/> returns the provider's authorize URL
/// with a <c>state</c> bound to the principal (and PKCE where the provider supports it); <see cref="CompleteAsync"/>
/// checks the callback and exchanges the code. Pending states live in the vault: stored hashed, the PKCE verifier sealed,
/// single use, short-lived. <c>Alter.Typed.AspNetCore</c>'s <c>MapAlterConnect</c> wires both to endpoints.
/// </summary>
public sealed partial class WebConnect
{
    /// <summary>How long a started flow may take before its state expires: 10 minutes.</summary>
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The longest connect session: 1 hour.</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(1);

    private readonly Connector _connector;
    private readonly ConnectStateStore _store;
    private readonly Func<string, ResolvedProvider> _providers;
    private readonly Action _checkKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal WebConnect(Connector connector, ConnectStateStore store, Func<string, ResolvedProvider> providers, Action checkKey, TimeProvider time, ILogger logger)
        => (_connector, _store, _providers, _checkKey, _time, _logger) = (connector, store, providers, checkKey, time, logger);

    /// <summary>
    /// Starts connecting <paramref name="provider"/> for <paramref name="owner"/>: stores the pending state and returns the
    /// provider's authorize URL to redirect the browser to.
    /// </summary>
    /// <param name="provider">The provider id, for example <c>slack</c>.</param>
    /// <param name="owner">Whose grant it will be: the signed-in user.</param>
    /// <param name="redirectUri">Your callback, as the provider will see it (the public URL behind a proxy), registered with the provider.</param>
    /// <param name="returnUrl">Where to send the person afterwards: a path (<c>/settings</c>) or an absolute URL on an allowed origin.</param>
    /// <param name="options">Allowed return origins, scopes, connection values, browser binding.</param>
    /// <exception cref="WebConnectException">The return URL is not on an allowed origin (<see cref="WebConnectRefusal.ReturnUrlNotAllowed"/>).</exception>
    /// <exception cref="ConnectException">The provider cannot be connected by OAuth with this app's settings.</exception>
    public Uri Begin(string provider, Principal owner, Uri redirectUri, Uri? returnUrl = null, WebConnectOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(redirectUri);
        _checkKey();
        options ??= new WebConnectOptions();
        if (!redirectUri.IsAbsoluteUri || (redirectUri.Scheme != Uri.UriSchemeHttps && redirectUri.Scheme != Uri.UriSchemeHttp) || redirectUri.Fragment.Length > 0)
            throw new ArgumentException("The redirect URI must be an absolute http(s) URL without a fragment.", nameof(redirectUri));
        var checkedReturn = returnUrl is null ? null : CheckReturnUrl(returnUrl, redirectUri, options.AllowedReturnOrigins);

        var plan = Connector.Prepare(_providers(provider), options.ConnectionValues, options.Scopes, options.UserScopes);
        var state = Connector.NewState();
        var verifier = Connector.NewVerifier(plan);
        _store.Add(state, new PendingConnect(plan.Provider.Id, owner, redirectUri.AbsoluteUri, checkedReturn?.AbsoluteUri, plan.Scopes, plan.UserScopes,
            plan.Connection, verifier is not null, verifier, options.BrowserBinding is { Length: > 0 } b ? ConnectStateStore.Hash(b) : null,
            _time.GetUtcNow() + StateLifetime, WasConsumed: false));
        LogBegun(_logger, plan.Provider.Id, owner.ToString());
        return new Uri(Connector.AuthorizeUrl(plan, redirectUri.AbsoluteUri, state, verifier));
    }

    /// <summary>
    /// As <see cref="Begin"/>, for the principal of a connect session (<see cref="CreateSession"/>): the provider must be
    /// one the session allows, and the return URL on its origin.
    /// </summary>
    /// <param name="sessionToken">The session's token.</param>
    /// <param name="provider">The provider id.</param>
    /// <param name="redirectUri">Your callback, as the provider will see it.</param>
    /// <param name="returnUrl">Where to send the person afterwards, on the session's return origin.</param>
    /// <param name="browserBinding">A random value kept by this browser (a cookie): the callback must come from the same browser.</param>
    /// <exception cref="WebConnectException">The session is unknown or expired, or does not allow the provider or return URL.</exception>
    public Uri BeginWithSession(string sessionToken, string provider, Uri redirectUri, Uri? returnUrl, string browserBinding)
    {
        ArgumentException.ThrowIfNullOrEmpty(browserBinding);
        _checkKey();
        var session = string.IsNullOrEmpty(sessionToken) ? null : _store.FindSession(sessionToken);
        if (session is null || session.ExpiresAt <= _time.GetUtcNow())
            throw Refuse(WebConnectRefusal.SessionNotValid, "The connect session is unknown or expired: ask the app for a new one.");
        if (!session.Providers.Contains(provider, StringComparer.OrdinalIgnoreCase))
            throw Refuse(WebConnectRefusal.SessionNotValid, $"The connect session does not allow connecting {provider}.");
        var origins = session.ReturnOrigin is null ? null : new[] { session.ReturnOrigin };
        return Begin(provider, session.Owner, redirectUri, returnUrl, new WebConnectOptions { AllowedReturnOrigins = origins, BrowserBinding = browserBinding });
    }

    /// <summary>
    /// Completes a flow from the provider's redirect to your callback: checks the state (known, unused, unexpired, started
    /// for <paramref name="currentPrincipal"/> or, for a session flow, in this browser), exchanges the code and stores the
    /// grant as the owner's. The state is spent by this call whatever its outcome.
    /// </summary>
    /// <param name="state">The callback's <c>state</c>.</param>
    /// <param name="code">The callback's <c>code</c>.</param>
    /// <param name="currentPrincipal">Who is signed in where the callback arrived; null when nobody is.</param>
    /// <param name="error">The callback's <c>error</c>, when the provider sent one.</param>
    /// <param name="browserBinding">The browser binding value this browser kept, if any.</param>
    /// <param name="cancellationToken">Cancels the code exchange.</param>
    /// <exception cref="WebConnectException">The callback was refused; nothing was stored.</exception>
    /// <exception cref="ConnectException">The provider refused the code; nothing was stored.</exception>
    public async Task<WebConnectResult> CompleteAsync(string? state, string? code, Principal? currentPrincipal, string? error = null, string? browserBinding = null, CancellationToken cancellationToken = default)
    {
        _checkKey();
        var started = _time.GetTimestamp();
        var pending = string.IsNullOrEmpty(state) || state.Length > 512 ? null : _store.Consume(state);
        if (pending is null)
            throw Refuse(WebConnectRefusal.UnknownState, "The callback carried a state this app did not issue: it may be forged (CSRF), so it was refused. Nothing was stored; connect again.");
        if (pending.WasConsumed)
            throw Refuse(WebConnectRefusal.ReplayedState, "The callback's state was already used: a Connect completes once. Nothing was stored; connect again.");
        if (pending.ExpiresAt <= _time.GetUtcNow())
            throw Refuse(WebConnectRefusal.Expired, $"Connecting {pending.Provider} took longer than {StateLifetime.TotalMinutes:0} minutes and expired. Nothing was stored; connect again.");
        if (pending.BindingHash is not null && (browserBinding is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ConnectStateStore.Hash(browserBinding)), Encoding.ASCII.GetBytes(pending.BindingHash))))
            throw Refuse(WebConnectRefusal.OtherBrowser, $"Connecting {pending.Provider} was started in another browser. Nothing was stored; connect again from the app.");
        if (currentPrincipal is not null && currentPrincipal != pending.Owner)
            throw Refuse(WebConnectRefusal.OtherPrincipal, $"Connecting {pending.Provider} was started by another user than the one signed in here. Nothing was stored; sign in as yourself and connect again.");
        if (currentPrincipal is null && pending.BindingHash is null)
            throw Refuse(WebConnectRefusal.NoPrincipal, $"Nobody is signed in to complete connecting {pending.Provider}. Nothing was stored; sign in and connect again.");
        if (!string.IsNullOrEmpty(error))
            throw Refuse(WebConnectRefusal.ProviderRefused, $"{pending.Provider} did not authorize the app ({Excerpt(error)}). Nothing was stored.");
        if (string.IsNullOrEmpty(code))
            throw Refuse(WebConnectRefusal.ProviderRefused, $"The redirect back from {pending.Provider} carried no authorization code. Nothing was stored.");

        var plan = Connector.Prepare(_providers(pending.Provider), pending.Connection, pending.Scopes, pending.UserScopes);
        if ((pending.Pkce || plan.Provider.Descriptor.Auth.Pkce) && pending.Verifier is null)
            throw Refuse(WebConnectRefusal.MissingPkceVerifier, $"The pending Connect of {pending.Provider} has no usable PKCE verifier (the vault entry was altered or lost), so the code was not sent. Nothing was stored; connect again.");

        var connection = await _connector.ExchangeAndSaveAsync(plan, code, pending.RedirectUri, pending.Verifier, pending.Owner, started, cancellationToken).ConfigureAwait(false);
        return new WebConnectResult(connection, pending.Owner, pending.ReturnUrl is null ? null : new Uri(pending.ReturnUrl));
    }

    /// <summary>
    /// Mints a connect session for <paramref name="principal"/> (the shape of Nango's <c>create_connect_session</c>): a
    /// short-lived opaque token your backend hands to its browser app, which then starts Connect with it.
    /// </summary>
    /// <param name="principal">Whose connections the session starts: your signed-in user.</param>
    /// <param name="allowedProviders">The providers it may connect (at least one).</param>
    /// <param name="allowedReturnOrigin">The origin the person may be sent back to; null: the callback's own origin.</param>
    /// <param name="lifetime">How long it works; default 30 minutes, at most <see cref="MaxSessionLifetime"/>.</param>
    public ConnectSession CreateSession(Principal principal, IReadOnlyCollection<string> allowedProviders, string? allowedReturnOrigin = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(allowedProviders);
        _checkKey();
        if (allowedProviders.Count == 0) throw new ArgumentException("A connect session must allow at least one provider.", nameof(allowedProviders));
        var providers = allowedProviders.Select(p => _providers(p).Id).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();   // unknown ids fail here
        var span = lifetime ?? TimeSpan.FromMinutes(30);
        if (span <= TimeSpan.Zero || span > MaxSessionLifetime) throw new ArgumentOutOfRangeException(nameof(lifetime), $"A connect session lasts more than zero and at most {MaxSessionLifetime.TotalMinutes:0} minutes.");
        var origin = allowedReturnOrigin is null ? null : Origin(new Uri(allowedReturnOrigin, UriKind.Absolute));
        var token = "alter_cs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var expires = _time.GetUtcNow() + span;
        _store.AddSession(token, new StoredConnectSession(principal, providers, origin, expires));
        return new ConnectSession(token, principal, providers, origin, expires);
    }

    /// <summary>
    /// The return URL made absolute (a path is taken on the redirect URI's origin) if its origin is allowed. Rejects
    /// scheme-relative (<c>//evil</c>) and backslash tricks, user info, and anything not http(s).
    /// </summary>
    private Uri CheckReturnUrl(Uri returnUrl, Uri redirectUri, IReadOnlyCollection<string>? allowedOrigins)
    {
        Uri absolute;
        if (!returnUrl.IsAbsoluteUri)
        {
            var text = returnUrl.OriginalString;
            if (text.Length == 0 || text[0] != '/' || (text.Length > 1 && text[1] is '/' or '\\') || text.Contains('\\'))
                throw Refuse(WebConnectRefusal.ReturnUrlNotAllowed, "The return URL must be a path starting with a single '/' or an absolute URL on an allowed origin.");
            absolute = new Uri(new Uri(Origin(redirectUri) + "/"), text);
        }
        else absolute = returnUrl;
        if ((absolute.Scheme != Uri.UriSchemeHttps && absolute.Scheme != Uri.UriSchemeHttp) || absolute.UserInfo.Length > 0)
            throw Refuse(WebConnectRefusal.ReturnUrlNotAllowed, "The return URL must be an http(s) URL without user info.");
        var allowed = allowedOrigins is { Count: > 0 } ? allowedOrigins.Select(o => Origin(new Uri(o, UriKind.Absolute))).ToArray() : new[] { Origin(redirectUri) };
        if (!allowed.Contains(Origin(absolute), StringComparer.OrdinalIgnoreCase))
            throw Refuse(WebConnectRefusal.ReturnUrlNotAllowed, $"The return URL's origin {Origin(absolute)} is not one of the allowed return origins; nothing was started.");
        return absolute;
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private WebConnectException Refuse(WebConnectRefusal reason, string message)
    {
        LogRefused(_logger, reason);
        return new WebConnectException(message, reason);
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Web Connect of {Provider} started for {Owner}")]
    private static partial void LogBegun(ILogger logger, string provider, string owner);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Web Connect refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, WebConnectRefusal reason);
}
