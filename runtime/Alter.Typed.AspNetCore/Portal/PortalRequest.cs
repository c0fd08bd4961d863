using Alter.Typed;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Components;

namespace Alter.Typed.AspNetCore.Portal;

/// <summary>
/// One portal request, as its endpoint and its page see it (scoped: endpoints take it as a parameter, components
/// <c>@inject</c> it): who is signed in, the app in the route, the page's model, the antiforgery token of its forms, URLs
/// under the portal's prefix, and the audit row of a change. Components are public classes (Razor makes them so) but take
/// their data from here, so no model type is public.
/// </summary>
internal sealed class PortalRequest(IHttpContextAccessor accessor, PortalStore store, IAntiforgery antiforgery, PortalRoutes routes)
{
    private object? _model;
    private IReadOnlyList<AppInfo>? _apps;
    private AntiforgeryTokenSet? _tokens;

    public HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("The portal is used outside a request.");

    public PortalStore Store => store;

    /// <summary>The signed-in person as the audit rows name them.</summary>
    public string Who => store.Options.WhoFromUser(Http.User) is { Length: > 0 } who ? who : "unknown";

    /// <summary>The audit rows' caller of the portal's changes.</summary>
    public string Caller => "portal:" + Who;

    /// <summary>Whether the standalone sign-in (admin key) is on: the layout then offers to sign out.</summary>
    public bool AdminKeyMode => store.Options.AdminKey is not null;

    /// <summary>The app of the route (<c>/apps/{app}/…</c>), set by the app group's filter; null on store-wide pages.</summary>
    public AppInfo? App { get; set; }

    /// <summary>Every app of the store, for the app selector.</summary>
    public IReadOnlyList<AppInfo> Apps => _apps ??= store.Admin.ListApps();

    /// <summary>The page's title (its <c>h1</c> and <c>title</c>).</summary>
    public string Title { get; private set; } = "Alter portal";

    /// <summary>The nav section the page belongs to (<see cref="PortalNav"/>).</summary>
    public string Section { get; private set; } = "";

    /// <summary>A confirmation after a change (from <c>?done=</c>, only the fixed texts of <see cref="PortalNotices"/>).</summary>
    public string? Notice => Http.Request.Query["done"] is { Count: 1 } done ? PortalNotices.Find(done[0]) : null;

    /// <summary>An error to show above the page.</summary>
    public string? Error { get; private set; }

    /// <summary>The tokens of this response's forms (made before rendering, so the cookie is set before the body starts).</summary>
    public AntiforgeryTokenSet Antiforgery => _tokens ?? throw new InvalidOperationException("Render pages with PortalRequest.Page, which makes the antiforgery tokens first.");

    /// <summary>The page's model, as its endpoint passed it.</summary>
    public T Model<T>() => _model is T model ? model : throw new InvalidOperationException($"The page expected a {typeof(T).Name} model.");

    /// <summary>A URL under the portal's prefix (<paramref name="path"/> starts with <c>/</c>).</summary>
    public string Url(string path) => routes.Prefix + path;

    /// <summary>A URL of the wallet (<c>MapAlterWallet</c>'s prefix + <paramref name="path"/>, which starts with <c>/</c>).</summary>
    public string WalletUrl(string path) => (routes.WalletPrefix + path).Replace("//", "/", StringComparison.Ordinal);

    /// <summary>Where the wallet's Connect button for <paramref name="provider"/> starts (<c>MapAlterConnect</c>), coming back to the wallet.</summary>
    public string ConnectUrl(string provider)
        => $"{routes.ConnectPrefix}/connect/{Uri.EscapeDataString(provider)}?returnUrl={Uri.EscapeDataString(WalletUrl("/"))}";

    /// <summary>A URL of the current app's pages: <c>{prefix}/apps/{app}/{path}</c>.</summary>
    public string AppUrl(string path = "") => AppUrl(App?.Id ?? throw new InvalidOperationException("No app in this request."), path);

    /// <summary>A URL of an app's pages.</summary>
    public string AppUrl(string appId, string path) => Url("/apps/" + Uri.EscapeDataString(appId) + (path.Length == 0 ? "" : "/" + path));

    /// <summary>Renders page <typeparamref name="TPage"/> with <paramref name="model"/>.</summary>
    public RazorComponentResult<TPage> Page<TPage>(string title, string section, object? model = null, int status = StatusCodes.Status200OK, string? error = null)
        where TPage : IComponent
    {
        (Title, Section, _model, Error) = (title, section, model, error);
        _tokens = antiforgery.GetAndStoreTokens(Http);
        var headers = Http.Response.Headers;
        headers.CacheControl = "no-store";   // a minted key's page must not be kept by the browser
        // No script runs in the portal, nothing frames it, its forms post only to itself, and its URLs stay here.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return new RazorComponentResult<TPage> { StatusCode = status };
    }

    /// <summary>Redirects (after a change) to <paramref name="url"/>, with a fixed confirmation <paramref name="done"/> (a <see cref="PortalNotices"/> key).</summary>
    public RedirectHttpResult Done(string url, string done) => TypedResults.Redirect(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=" + done);

    /// <summary>Opens the route's app for the signed-in person (dispose it: that writes its audit rows).</summary>
    public PortalApp OpenApp() => store.Open(App ?? throw new InvalidOperationException("No app in this request."), Caller);

    /// <summary>As <see cref="Audit"/>, through an app handle of its own (committed when this returns).</summary>
    public async Task AuditAsync(string operation, string? principal = null, string provider = "alter", string? grantId = null,
        string? delegationId = null, string? approvalId = null)
    {
        await using var app = OpenApp();
        Audit(app, operation, principal, provider, grantId, delegationId, approvalId);
    }

    /// <summary>
    /// Writes the audit row of a change made in the portal (committed at the latest when <paramref name="app"/> is disposed): caller <c>portal:&lt;who&gt;</c>, operation
    /// <c>portal.&lt;area&gt;.&lt;action&gt;</c>, outcome <c>ok</c>, through the app's own audit log.
    /// </summary>
    public void Audit(PortalApp app, string operation, string? principal = null, string provider = "alter", string? grantId = null,
        string? delegationId = null, string? approvalId = null)
        => app.AuditLog.Write(new AuditRecord(store.AlterOptions.TimeProvider.GetUtcNow(), Caller, principal, provider, operation, grantId,
            Http.Request.Method, "local", 0, "ok", 0, false) { DelegationId = delegationId, ApprovalId = approvalId });
}

/// <summary>Where <c>MapAlterPortal</c> put the portal (its prefix, without a trailing slash; empty at the root).</summary>
internal sealed class PortalRoutes
{
    public string Prefix { get; set; } = "";

    /// <summary>Where <c>MapAlterWallet</c> put the wallet (<c>/wallet</c>).</summary>
    public string WalletPrefix { get; set; } = "/wallet";

    /// <summary>Where the wallet's Connect buttons go: <c>MapAlterConnect</c>'s prefix.</summary>
    public string ConnectPrefix { get; set; } = "/alter";
}
