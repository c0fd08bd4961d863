using System.ComponentModel;
using Alter.Typed;
using Alter.Typed.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The dependency-injection plumbing behind the generated <c>services.AddAlter()</c>: options from configuration, the
/// app's network handler from <see cref="IHttpClientFactory"/>, the app as a singleton, and its typed clients.
/// </summary>
/// <remarks>
/// <para>
/// The generated <c>App</c> lives in your assembly, so the runtime cannot name it: the generator emits
/// <c>AddAlter(this IServiceCollection, Action&lt;AlterOptions&gt;?)</c> next to it, which calls
/// <see cref="AddAlterApp{TApp}"/> and <see cref="AddAlterClient{TApp, TClient}"/> once per provider. Call these two
/// directly only to register an app type of your own.
/// </para>
/// <para>
/// Configuration (section <c>Alter</c>, read from the container's <see cref="IConfiguration"/> when there is one):
/// <c>Alter:ApiKey</c> (else the <c>ALTER_API_KEY</c> environment variable), and every <see cref="AlterOptions"/>
/// property by name: <c>Alter:DatabasePath</c>, <c>Alter:HomeDirectory</c>, <c>Alter:VaultKey</c> (base64),
/// <c>Alter:RefreshSkew</c>, <c>Alter:Providers:slack:ClientId</c>, <c>Alter:Providers:slack:ClientSecret</c>,
/// <c>Alter:Providers:slack:ApiBaseUrl</c>, ... The <c>configure</c> callback runs after the configuration is bound.
/// </para>
/// <para>
/// Network: unless <see cref="AlterOptions.PrimaryHandler"/> is set, the app sends through the handler of the named
/// client <see cref="HttpClientName"/> of <see cref="IHttpClientFactory"/> (a <see cref="SocketsHttpHandler"/> whose pooled
/// connections live 2 minutes). The app holds that handler for its whole life (it is a singleton), so the client's
/// handler lifetime is infinite, and the factory's request loggers are removed from it because that handler sees the
/// injected credentials. Customize it with <c>services.AddHttpClient(AlterServiceCollectionExtensions.HttpClientName)</c>
/// (a proxy, a primary handler of your own, a recording handler in tests); a handler added with
/// <c>ConfigureHttpClientDefaults</c> applies to it too, except resilience handlers, which are removed: the app has its own
/// retry policy (429 with <c>Retry-After</c>, transient failures of idempotent calls only). The credential handler itself
/// (grant, token, refresh, audit) stays inside the app, above that handler. Automatic redirects are turned off on that
/// handler (the pipeline follows a redirect itself, only to the provider's hosts). Handlers of your own go in the app's
/// pipeline with <c>services.AddAlter().AddHttpMessageHandler&lt;T&gt;()</c>.
/// </para>
/// </remarks>
public static class AlterServiceCollectionExtensions
{
    /// <summary>The configuration section the options are bound from: <c>Alter</c>.</summary>
    public const string ConfigurationSection = "Alter";

    /// <summary>The name of the <see cref="IHttpClientFactory"/> client whose handler does the app's network I/O.</summary>
    public const string HttpClientName = "Alter.Typed";

    /// <summary>
    /// Registers <typeparamref name="TApp"/> (and <see cref="AlterApp"/>) as a singleton opened with the configured API key
    /// and options. Called by the generated <c>AddAlter</c>; idempotent.
    /// </summary>
    /// <typeparam name="TApp">The app type, normally the generated <c>App</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="factory">Creates the app from the API key and the resolved options.</param>
    /// <param name="configure">Adjusts the options after configuration is bound; optional.</param>
    /// <returns>The service collection.</returns>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public static IServiceCollection AddAlterApp<TApp>(this IServiceCollection services, Func<string, AlterOptions, TApp> factory, Action<AlterOptions>? configure = null)
        where TApp : AlterApp
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);

        if (!services.Any(d => d.ServiceType == typeof(AlterServicesMarker)))
        {
            services.AddSingleton<AlterServicesMarker>();
            services.AddOptions();
            // Configuration first, then the code's callbacks (registered below and by later AddAlter calls).
            services.AddSingleton<IConfigureOptions<AlterOptions>, AlterConfigurationBinder>();
            services.AddHttpClient(HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
                // A primary handler configured by the user before this follows no redirect either (one configured later is
                // reached by the app itself at the end of the handler chain): the pipeline follows redirects, only to the provider's hosts.
                .ConfigurePrimaryHttpMessageHandler(static (handler, _) => Alter.Typed.Http.AlterPipeline.DisableAutoRedirect(handler))
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
                .RemoveAllLoggers()
                // The app retries 429s and transient failures itself, honouring Retry-After and retrying only idempotent
                // calls; a resilience handler from ConfigureHttpClientDefaults (AddStandardResilienceHandler) would retry a
                // chat.postMessage that timed out, and post it twice.
                .ConfigureAdditionalHttpMessageHandlers(static (handlers, _) =>
                {
                    for (var i = handlers.Count - 1; i >= 0; i--)
                        if (handlers[i] is Microsoft.Extensions.Http.Resilience.ResilienceHandler) handlers.RemoveAt(i);
                });
        }

        if (configure is not null) services.Configure(configure);

        services.TryAddSingleton(sp => factory(ResolveApiKey(sp), ResolveOptions(sp)));
        services.TryAddSingleton<AlterApp>(static sp => sp.GetRequiredService<TApp>());
        return services;
    }

    /// <summary>
    /// Registers a typed client of the app (for example <c>SlackClient</c>, as <c>app =&gt; app.Slack</c>) as a singleton,
    /// so that it can be injected. It acts under the app's only grant for its provider; use <c>WithGrant</c> to pick one.
    /// Called by the generated <c>AddAlter</c>; idempotent.
    /// </summary>
    /// <typeparam name="TApp">The app type.</typeparam>
    /// <typeparam name="TClient">The client type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="client">Returns the client from the app.</param>
    /// <returns>The service collection.</returns>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public static IServiceCollection AddAlterClient<TApp, TClient>(this IServiceCollection services, Func<TApp, TClient> client)
        where TApp : AlterApp
        where TClient : ProviderClient
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(client);
        services.TryAddSingleton(sp => client(sp.GetRequiredService<TApp>()));
        return services;
    }

    /// <summary>The <see cref="IAlterBuilder"/> of <paramref name="services"/>: what the generated <c>AddAlter</c> returns.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public static IAlterBuilder AlterBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new AlterBuilder(services);
    }

    private static string ResolveApiKey(IServiceProvider services)
    {
        var configured = services.GetService<IConfiguration>()?[ConfigurationSection + ":ApiKey"];
        if (!string.IsNullOrEmpty(configured)) return configured;
        var environment = Environment.GetEnvironmentVariable("ALTER_API_KEY");
        if (!string.IsNullOrEmpty(environment)) return environment;
        throw new ApiKeyException(
            $"No API key for the Alter app: set '{ConfigurationSection}:ApiKey' in configuration (appsettings.json, user secrets, or the environment variable {ConfigurationSection}__ApiKey), or ALTER_API_KEY. Mint one with `alter keys mint <app>` or AlterAdmin.MintKey.");
    }

    private static AlterOptions ResolveOptions(IServiceProvider services)
    {
        // The options instance belongs to this container and serves this one app: fill the ecosystem defaults in place.
        var options = services.GetRequiredService<IOptions<AlterOptions>>().Value;
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        options.PrimaryHandler ??= services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(HttpClientName);
        foreach (var registration in services.GetServices<AlterHandlerRegistration>())
            options.Handlers.Add(() => registration.Create(services));
        return options;
    }
}
