using System.Net;
using Alter.Typed.AspNetCore.Portal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alter.Typed.AspNetCore;

/// <summary>
/// The standalone portal (<c>alter portal</c>): Kestrel on 127.0.0.1 only, the portal at the root, and a sign-in with a
/// random admin key made for this run (<see cref="AdminKey"/>; print it for the person who started it). Cookies and
/// antiforgery tokens are protected with keys that live in memory only: they die with the process, like the admin key.
/// </summary>
public sealed class AlterPortalServer : IAsyncDisposable
{
    private readonly WebApplication _web;

    private AlterPortalServer(WebApplication web, Uri url, string adminKey) => (_web, Url, AdminKey) = (web, url, adminKey);

    /// <summary>The portal's address, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The sign-in page.</summary>
    public Uri SignInUrl => new(Url, "signin");

    /// <summary>This run's admin key: the sign-in page exchanges it for a session cookie. Never stored.</summary>
    public string AdminKey { get; }

    /// <summary>Starts the portal on 127.0.0.1.</summary>
    /// <param name="port">The port; 0 picks a free one (read <see cref="Url"/>).</param>
    /// <param name="configure">The store and the providers (<see cref="AlterPortalOptions"/>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<AlterPortalServer> StartAsync(int port = 0, Action<AlterPortalOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var adminKey = PortalAuth.NewAdminKey();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(AlterPortalServer).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));   // loopback only, whatever ASPNETCORE_URLS says
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAlterPortal(o =>
        {
            configure?.Invoke(o);
            o.AdminKey = adminKey;
        });
        PortalAuth.AddCookie(builder.Services, prefix: "");
        builder.Services.AddAuthorization();

        var web = builder.Build();
        web.UseAuthentication();
        web.UseAuthorization();
        web.UseAntiforgery();
        web.MapAlterPortal("/");
        await web.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new AlterPortalServer(web, new Uri(new Uri(address), "/"), adminKey);
    }

    /// <summary>The host's services (tests enumerate the portal's endpoints from its <c>EndpointDataSource</c>).</summary>
    internal IServiceProvider Services => _web.Services;

    /// <summary>Waits until the process is asked to stop (Ctrl+C) or <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _web.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync().ConfigureAwait(false);
        await _web.DisposeAsync().ConfigureAwait(false);
    }
}
