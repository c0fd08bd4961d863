using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alter.Sandbox;

/// <summary>
/// A local emulator of providers' OAuth endpoints and a slice of their Web APIs (Slack, GitHub, Notion, ...), with the providers' real
/// response shapes, served by Kestrel on 127.0.0.1 and a random port. Start one per test (it takes milliseconds).
/// </summary>
/// <example>
/// <code>
/// await using var sandbox = await SandboxServer.StartAsync();
/// var slack = sandbox.Provider("slack");   // slack.AuthorizationUrl, slack.TokenUrl, slack.ApiBaseUrl, ...
/// </code>
/// </example>
public sealed class SandboxServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly SandboxContext _context;
    private int _disposed;

    private SandboxServer(WebApplication app, SandboxContext context, Uri baseUri)
    {
        _app = app;
        _context = context;
        BaseUri = baseUri;
        Providers = [.. SandboxEmulations.All.Select(e => e.Create(baseUri))];
    }

    /// <summary>The sandbox's root address, e.g. <c>http://127.0.0.1:43123/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The emulated providers, one per entry of the sandbox's registry (<c>slack</c>, <c>github</c>, <c>notion</c>, ...).</summary>
    public IReadOnlyList<SandboxProvider> Providers { get; }

    /// <summary>What the sandbox has seen and issued; lets tests expire and revoke tokens.</summary>
    public SandboxState State => _context.State;

    /// <summary>Returns the provider with the given id.</summary>
    /// <param name="id">The provider id, e.g. <c>slack</c>; <see cref="Providers"/> lists them all.</param>
    /// <exception cref="ArgumentException">The id is not one of the emulated providers.</exception>
    public SandboxProvider Provider(string id)
    {
        SandboxProviders.Check(id);
        return Providers.First(p => p.Id == id);
    }

    /// <summary>Starts a sandbox bound to 127.0.0.1 on a free port.</summary>
    /// <param name="options">Token lifetimes, refresh behaviour and clock; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.AccessTokenLifetime, TimeSpan.Zero, "options.AccessTokenLifetime");

        var context = new SandboxContext(options);
        var app = Build(context);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>()
                .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            var baseUri = new Uri(address.TrimEnd('/') + "/");
            context.OnStarted(baseUri);
            return new SandboxServer(app, context, baseUri);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
    }

    private static WebApplication Build(SandboxContext context)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        // Nothing from the host process's configuration (a Kestrel section or a Logging section in its
        // appsettings.json, ...) may add an address or change the log level: loopback only, warnings and up.
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // ASPNETCORE_URLS is host configuration, read before the sources above are cleared: Kestrel then warns that
        // it binds the Listen() endpoint instead, which is the intent. Only that category asks for Error and up.
        builder.Logging.AddFilter((category, level) =>
            level >= (category == "Microsoft.AspNetCore.Server.Kestrel" ? LogLevel.Error : LogLevel.Warning));
        builder.Services.AddSingleton<IHostLifetime, SandboxHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });

        var app = builder.Build();
        app.Use(new SandboxApiTraffic(context).InvokeAsync);
        foreach (var emulation in SandboxEmulations.All) emulation.Map(app, context);
        return app;
    }
}
