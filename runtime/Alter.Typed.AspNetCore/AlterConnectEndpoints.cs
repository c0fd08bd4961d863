using System.Net;
using System.Security.Cryptography;
using Alter.Typed;
using Alter.Typed.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Connect endpoints of a web app: <c>app.MapAlterConnect("/alter")</c>.</summary>
public static partial class AlterConnectEndpoints
{
    /// <summary>The cookie that binds a session-started Connect to the browser that started it.</summary>
    public const string BindingCookie = ".alter.connect";

    /// <summary>
    /// Maps, under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>GET {prefix}/connect/{provider}?returnUrl=</c>: starts Connect for the signed-in user (401 when nobody is
    /// signed in), or with <c>?session=</c> for the principal of a connect session; redirects to the provider.</item>
    /// <item><c>GET {prefix}/callback</c>: the redirect URI to register with providers. Stores the grant as the principal
    /// the flow was started for, then redirects to the return URL (only ever an allowed one); refusals answer 400.</item>
    /// <item><c>POST {prefix}/sessions</c> (JSON): mints a connect session for the signed-in user:
    /// <c>{"allowed_integrations":["slack"],"return_origin":"https://spa.example.com"}</c> →
    /// <c>{"data":{"token":"…","expires_at":"…"}}</c>.</item>
    /// </list>
    /// Needs <c>services.AddAlter().AddAspNetCore()</c> and the app's authentication before it in the pipeline. ASP.NET
    /// Core's request log (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c> at Information) writes URLs with their query:
    /// the callback's code and state too. Keep that category at Warning in production (the sample does).
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The path prefix, for example <c>/alter</c>.</param>
    /// <returns>The route group, to add authorization policies or rate limiting to.</returns>
    public static RouteGroupBuilder MapAlterConnect(this IEndpointRouteBuilder endpoints, string prefix = "/alter")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        prefix = "/" + prefix.Trim('/');
        var routes = endpoints.ServiceProvider.GetService<AlterConnectRoutes>()
            ?? throw new InvalidOperationException("MapAlterConnect needs services.AddAlter().AddAspNetCore() first.");
        routes.Prefix = prefix;
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/connect/{provider}", (RequestDelegate)(context => BeginAsync(context, prefix)));
        group.MapGet("/callback", (RequestDelegate)(context => CompleteAsync(context, prefix)));
        group.MapPost("/sessions", (RequestDelegate)CreateSessionAsync);
        return group;
    }

    private static async Task BeginAsync(HttpContext context, string prefix)
    {
        var (app, options) = Services(context);
        var provider = (string)context.Request.RouteValues["provider"]!;
        if (!Knows(app, provider))
        {
            await Text(context, 404, $"This app does not know the provider '{provider}'.");
            return;
        }
        var redirectUri = PublicUri(context, options, prefix + "/callback");
        Uri? returnUrl = null;
        if (context.Request.Query["returnUrl"].ToString() is { Length: > 0 } given && !Uri.TryCreate(given, UriKind.RelativeOrAbsolute, out returnUrl))
        {
            await Text(context, 400, "The returnUrl is not a URL.");
            return;
        }
        try
        {
            Uri authorize;
            if (context.Request.Query["session"].ToString() is { Length: > 0 } session)
            {
                // A browser app started this with a token its backend minted; the callback will come without the app's
                // sign-in (an SPA keeps its bearer token to itself), so the flow is bound to this browser by a cookie.
                var binding = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                authorize = app.WebConnect.BeginWithSession(session, provider, redirectUri, returnUrl, binding);
                context.Response.Cookies.Append(BindingCookie, binding, new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = redirectUri.Scheme == Uri.UriSchemeHttps,
                    Path = (PublicBasePath(context, options) + prefix), MaxAge = WebConnect.StateLifetime, IsEssential = true,
                });
            }
            else
            {
                var owner = CurrentUser(context, options) ?? throw new NoSignedInUserException($"Sign in before connecting {provider}: Connect stores the grant as the signed-in user's.");
                authorize = app.WebConnect.Begin(provider, owner, redirectUri, returnUrl, new WebConnectOptions { AllowedReturnOrigins = AllowedOrigins(context, options) });
            }
            context.Response.Redirect(authorize.AbsoluteUri);
        }
        catch (NoSignedInUserException e) { await Text(context, 401, e.Message); }
        catch (WebConnectException e) { await Text(context, 400, e.Message); }
        catch (ConnectException e) { await Text(context, 400, e.Message); }
    }

    private static async Task CompleteAsync(HttpContext context, string prefix)
    {
        var (app, options) = Services(context);
        var query = context.Request.Query;
        var binding = context.Request.Cookies[BindingCookie];
        try
        {
            var result = await app.WebConnect.CompleteAsync(query["state"].ToString(), query["code"].ToString(), CurrentUser(context, options),
                query["error"].ToString() is { Length: > 0 } error ? error : null, binding, context.RequestAborted);
            if (binding is not null) context.Response.Cookies.Delete(BindingCookie, new CookieOptions { Path = PublicBasePath(context, options) + prefix });
            // Only a return URL checked at Begin against the allowed origins, or the site's own default path.
            var target = result.ReturnUrl ?? PublicUri(context, options, "/" + options.DefaultReturnPath.TrimStart('/'));
            context.Response.Redirect(target.AbsoluteUri);
        }
        catch (WebConnectException e) { await Page(context, 400, "Connect refused", e.Message); }
        catch (ConnectException e) { await Page(context, 400, "Connect failed", e.Message); }
    }

    /// <summary>The request's user as a principal, or null when nobody (usable) is signed in.</summary>
    internal static Principal? CurrentUser(HttpContext context, AlterConnectOptions options) => options.PrincipalFromUser(context.User);

    /// <summary>A URL of this site as the outside world sees it: <see cref="AlterConnectOptions.PublicBaseUrl"/>, else the request's scheme, host and path base.</summary>
    internal static Uri PublicUri(HttpContext context, AlterConnectOptions options, string path)
    {
        if (options.PublicBaseUrl is { } publicBase) return new Uri(publicBase.AbsoluteUri.TrimEnd('/') + path);
        var request = context.Request;
        return new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{path}");
    }

    private static string PublicBasePath(HttpContext context, AlterConnectOptions options)
        => options.PublicBaseUrl is { } publicBase ? publicBase.AbsolutePath.TrimEnd('/') : context.Request.PathBase.ToUriComponent();

    private static string[] AllowedOrigins(HttpContext context, AlterConnectOptions options)
        => options.AllowedReturnOrigins.Count > 0
            ? [.. options.AllowedReturnOrigins.Select(Origin)]
            : [Origin(PublicUri(context, options, "/").AbsoluteUri)];

    private static string Origin(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : url;

    private static bool Knows(AlterApp app, string provider) => app.Providers.Any(p => string.Equals(p.Id, provider, StringComparison.OrdinalIgnoreCase));

    private static (AlterApp App, AlterConnectOptions Options) Services(HttpContext context)
        => (context.RequestServices.GetRequiredService<AlterApp>(), context.RequestServices.GetRequiredService<IOptions<AlterConnectOptions>>().Value);

    private static Task Text(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }

    private static Task Page(HttpContext context, int status, string title, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>"
            + $"<body><h1>{WebUtility.HtmlEncode(title)}</h1><p id=\"alter-error\">{WebUtility.HtmlEncode(message)}</p></body></html>");
    }
}
