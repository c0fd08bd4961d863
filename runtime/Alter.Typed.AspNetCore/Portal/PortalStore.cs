using Alter.Typed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alter.Typed.AspNetCore.Portal;

/// <summary>
/// The store the portal administers (one per host): its <see cref="AlterAdmin"/> (apps, API keys, provider settings), the
/// providers it knows, and <see cref="Open"/> for one app's grants, users, agents, delegations and approvals.
/// </summary>
internal sealed class PortalStore
{
    private readonly IServiceProvider _services;
    private readonly Lazy<AlterAdmin> _admin;
    private readonly Lazy<IReadOnlyList<ProviderDescriptor>> _providers;

    public PortalStore(IServiceProvider services, IOptions<AlterPortalOptions> options)
    {
        _services = services;
        Options = options.Value;
        AlterOptions = Options.Alter ?? services.GetService<IOptions<AlterOptions>>()?.Value ?? new AlterOptions();
        _admin = new(() => AlterAdmin.Open(AlterOptions));
        _providers = new(() => Options.Providers.Count > 0 ? [.. Options.Providers] : HostProviders());
    }

    public AlterPortalOptions Options { get; }

    public AlterOptions AlterOptions { get; }

    public AlterAdmin Admin => _admin.Value;

    /// <summary>The providers the portal knows, by id.</summary>
    public IReadOnlyList<ProviderDescriptor> Providers => _providers.Value;

    /// <summary>Opens <paramref name="app"/> for <paramref name="caller"/> (<c>portal:&lt;who&gt;</c>); dispose it when the request ends.</summary>
    public PortalApp Open(AppInfo app, string caller) => new(app, caller, AlterOptions, Providers);

    private IReadOnlyList<ProviderDescriptor> HostProviders()
    {
        try
        {
            return _services.GetService<AlterApp>() is { } app ? [.. app.Providers] : [];
        }
        catch (AlterException)
        {
            return [];   // the host's app cannot open (no key yet): the portal still administers the store
        }
    }
}
