using Alter.Typed.AspNetCore;
using Alter.Typed.AspNetCore.Portal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>services.AddAlterPortal()</c>: what <c>app.MapAlterPortal("/alter")</c> needs.</summary>
public static class AlterPortalServiceCollectionExtensions
{
    /// <summary>
    /// Registers the portal: server-rendered Razor components (no circuit), antiforgery, and the store it administers
    /// (<see cref="AlterPortalOptions.Alter"/>, else the host's <c>AlterOptions</c>). The host keeps its own
    /// authentication; map the portal behind its policy with <c>app.MapAlterPortal("/alter").RequireAuthorization("admins")</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">The store, the providers, how the signed-in person is named in audit rows.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAlterPortal(this IServiceCollection services, Action<AlterPortalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddHttpContextAccessor();
        services.AddOptions<AlterPortalOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton<PortalRoutes>();
        services.TryAddSingleton<PortalStore>();
        services.TryAddScoped<PortalRequest>();
        return services;
    }
}
