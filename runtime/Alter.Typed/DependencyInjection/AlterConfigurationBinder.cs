using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alter.Typed.DependencyInjection;

/// <summary>Binds <see cref="AlterOptions"/> from the <c>Alter</c> section of the container's configuration, when it has one.</summary>
/// <remarks>
/// The configuration binding source generator (EnableConfigurationBindingGenerator in the csproj) turns <c>Bind</c> into
/// generated code, so binding stays trim and AOT safe. Properties that only code sets (LoggerFactory, PrimaryHandler,
/// TimeProvider, delegates) are skipped by the generated binder; the csproj says why SYSLIB1100/1101 are not reported.
/// </remarks>
internal sealed class AlterConfigurationBinder(IServiceProvider services) : IConfigureOptions<AlterOptions>
{
    public void Configure(AlterOptions options)
    {
        if (services.GetService<IConfiguration>() is not { } configuration) return;
        var section = configuration.GetSection(AlterServiceCollectionExtensions.ConfigurationSection);
        if (!section.Exists()) return;
        section.Bind(options);
        // Alter:Store is the documented short name of ConnectionString (the shared store); Alter:ConnectionString wins.
        if (string.IsNullOrEmpty(options.ConnectionString) && section["Store"] is { Length: > 0 } store) options.ConnectionString = store;
    }
}

/// <summary>Marks a service collection where the Alter services are already registered.</summary>
internal sealed class AlterServicesMarker;
