using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alter.Typed.DependencyInjection;

/// <summary>Binds <see cref="AlterOptions"/> from the <c>Alter</c> section of the container's configuration, when it has one.</summary>
internal sealed class AlterConfigurationBinder(IServiceProvider services) : IConfigureOptions<AlterOptions>
{
    public void Configure(AlterOptions options)
    {
        if (services.GetService<IConfiguration>() is not { } configuration) return;
        var section = configuration.GetSection(AlterServiceCollectionExtensions.ConfigurationSection);
        if (section.Exists()) section.Bind(options);
    }
}

/// <summary>Marks a service collection where the Alter services are already registered.</summary>
internal sealed class AlterServicesMarker;
