using Alter.Typed;
using Alter.Typed.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>services.AddAlter().AddAspNetCore()</c>: the web integration of an Alter app.</summary>
public static class AlterAspNetCoreExtensions
{
    /// <summary>
    /// Makes the app a web app's: an injected typed client acts for the current request's signed-in user
    /// (<see cref="AlterOptions.PrincipalSource"/>: the user of <see cref="IHttpContextAccessor.HttpContext"/>, mapped by
    /// <see cref="AlterConnectOptions.PrincipalFromUser"/>; outside a request, the app itself; in a request whose user is
    /// anonymous, <see cref="NoSignedInUserException"/>, never the app's own grants); a <see cref="ConnectRequiredException"/>
    /// carries the public URL of <c>{prefix}/connect/{provider}</c> (<see cref="AlterOptions.ConnectUrl"/>); and registers
    /// what <c>app.MapAlterConnect("/alter")</c> needs.
    /// </summary>
    /// <param name="builder">What <c>services.AddAlter()</c> returned.</param>
    /// <param name="configure">Public base URL, allowed return origins, principal mapping.</param>
    /// <returns>The builder.</returns>
    public static IAlterBuilder AddAspNetCore(this IAlterBuilder builder, Action<AlterConnectOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddOptions<AlterConnectOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton<AlterConnectRoutes>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AlterOptions>, RequestUserPrincipalSetup>());
        return builder;
    }
}

/// <summary>Where <c>MapAlterConnect</c> put the endpoints (for the Connect URL of <c>ConnectRequiredException</c>).</summary>
internal sealed class AlterConnectRoutes
{
    public string? Prefix { get; set; }
}

/// <summary>
/// Sets <see cref="AlterOptions.PrincipalSource"/> to the current request's user, and <see cref="AlterOptions.ConnectUrl"/>
/// to the public <c>{base}{prefix}/connect/{provider}</c> of <c>MapAlterConnect</c> (so a <see cref="ConnectRequiredException"/>
/// says where to send the user), unless the app set them itself.
/// </summary>
internal sealed class RequestUserPrincipalSetup(IHttpContextAccessor accessor, IOptions<AlterConnectOptions> connect, AlterConnectRoutes routes) : IConfigureOptions<AlterOptions>
{
    public void Configure(AlterOptions options)
    {
        options.PrincipalSource ??= _ =>
        {
            if (accessor.HttpContext is not { } context) return ValueTask.FromResult<Principal?>(null);   // a background job: the app itself
            return ValueTask.FromResult<Principal?>(connect.Value.PrincipalFromUser(context.User)
                ?? throw new NoSignedInUserException("This call acts for the request's signed-in user, and nobody is signed in: sign in first (it never falls back to the app's own grants)."));
        };
        options.ConnectUrl ??= (provider, _) =>
        {
            // Unknown until MapAlterConnect ran; outside a request, only a configured public base URL says where the site is.
            if (routes.Prefix is not { } prefix) return null;
            var path = $"{prefix}/connect/{Uri.EscapeDataString(provider)}";
            if (connect.Value.PublicBaseUrl is null && accessor.HttpContext is null) return null;
            return accessor.HttpContext is { } context
                ? Microsoft.AspNetCore.Builder.AlterConnectEndpoints.PublicUri(context, connect.Value, path)
                : new Uri(connect.Value.PublicBaseUrl!.AbsoluteUri.TrimEnd('/') + path);
        };
    }
}
