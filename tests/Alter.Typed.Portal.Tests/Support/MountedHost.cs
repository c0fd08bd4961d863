using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alter.Typed.Portal.Tests.Support;

/// <summary>
/// A host app with its own authentication (a test scheme: the <c>X-User</c> and <c>X-Roles</c> headers) and an "admins"
/// policy (role <c>admin</c>), with the portal mounted at <c>/alter</c> behind that policy.
/// </summary>
internal sealed class MountedHost : IAsyncDisposable
{
    public const string Prefix = "/alter";

    private MountedHost(WebApplication web, Uri url) => (Web, Url) = (web, url);

    public WebApplication Web { get; }
    public Uri Url { get; }

    public static async Task<MountedHost> StartAsync(AlterOptions store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(HeaderAuthentication.Name).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        builder.Services.AddAuthorization(o => o.AddPolicy("admins", p => p.RequireRole("admin")));
        builder.Services.AddAlterPortal(o => o.Alter = store);
        var web = builder.Build();
        web.UseAuthentication();
        web.UseAuthorization();
        web.UseAntiforgery();
        web.MapGet("/", () => "the host's own page");
        web.MapAlterPortal(Prefix).RequireAuthorization("admins");
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MountedHost(web, new Uri(address + "/"));
    }

    /// <summary>A client that is <paramref name="user"/> with <paramref name="roles"/> (anonymous when null), with its own cookies.</summary>
    public HttpClient Client(string? user = null, string roles = "")
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add("X-User", user);
            client.DefaultRequestHeaders.Add("X-Roles", roles);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Web.StopAsync();
        await Web.DisposeAsync();
    }
}

/// <summary>The host's sign-in, for the test: who the <c>X-User</c> header names, in the roles of <c>X-Roles</c>.</summary>
internal sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Header";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers["X-User"] is not { Count: 1 } user) return Task.FromResult(AuthenticateResult.NoResult());
        var claims = new List<Claim> { new(ClaimTypes.Name, user[0]!) };
        claims.AddRange(Request.Headers["X-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Name)), Name)));
    }
}
