using System.Diagnostics.CodeAnalysis;
using Alter.Typed;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds handlers of your own to the app's call pipeline, as <c>IHttpClientBuilder.AddHttpMessageHandler</c> does for a client.</summary>
public static class AlterBuilderExtensions
{
    /// <summary>
    /// Adds <typeparamref name="THandler"/> to every provider call of the app, between the policies and the retry handler
    /// (see <see cref="AlterOptions.Handlers"/>), in the order added. It is taken from the container when registered there
    /// (register it as transient: the pipeline owns the instance), else created with the container's services. It sees the
    /// request and its call context, never a credential.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">What <c>services.AddAlter()</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IAlterBuilder AddHttpMessageHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IAlterBuilder builder)
        where THandler : DelegatingHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new AlterHandlerRegistration(static sp => ActivatorUtilities.GetServiceOrCreateInstance<THandler>(sp)));
        return builder;
    }

    /// <summary>Adds the handler <paramref name="factory"/> creates to every provider call of the app (see <see cref="AddHttpMessageHandler{THandler}(IAlterBuilder)"/>).</summary>
    /// <param name="builder">What <c>services.AddAlter()</c> returned.</param>
    /// <param name="factory">Creates the handler (once per app) from the container.</param>
    /// <returns>The builder.</returns>
    public static IAlterBuilder AddHttpMessageHandler(this IAlterBuilder builder, Func<IServiceProvider, DelegatingHandler> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(new AlterHandlerRegistration(factory));
        return builder;
    }
}

/// <summary>A handler added with <see cref="AlterBuilderExtensions.AddHttpMessageHandler{THandler}(IAlterBuilder)"/>, collected when the app's options are resolved.</summary>
internal sealed record AlterHandlerRegistration(Func<IServiceProvider, DelegatingHandler> Create);
