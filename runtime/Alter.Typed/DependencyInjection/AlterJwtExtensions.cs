using Alter.Typed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Principals from validated JWTs: <c>services.AddAlter().AddJwtPrincipals(...)</c>.</summary>
public static class AlterJwtExtensions
{
    /// <summary>
    /// Validates users' access tokens with a <see cref="JwtUserTokenValidator"/> (one per container, disposed with it) and
    /// sets it as <see cref="AlterOptions.UserTokenValidator"/>, so that a call knows whom it acts for from the token
    /// <see cref="AlterOptions.UserTokenGetter"/> (or the ASP.NET Core integration) supplies. Its clock is
    /// <see cref="AlterOptions.TimeProvider"/> unless <see cref="JwtPrincipalOptions.TimeProvider"/> is set to another clock; it logs to
    /// <see cref="AlterOptions.LoggerFactory"/> or the container's <see cref="ILoggerFactory"/>. The options
    /// are checked when the app's options are first resolved; a bad setting fails there with an <see cref="ArgumentException"/>
    /// naming it. Setting <see cref="AlterOptions.UserTokenValidator"/> in code as well is refused (which one would win is
    /// not obvious).
    /// </summary>
    /// <param name="builder">What <c>services.AddAlter()</c> returned.</param>
    /// <param name="configure">Sets the issuer (<see cref="JwtPrincipalOptions.Authority"/>) and the audiences.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddAlter().AddJwtPrincipals(o =>
    /// {
    ///     o.Authority = "https://login.example.com/";
    ///     o.Audiences.Add("api://my-app");
    /// });
    /// </code>
    /// </example>
    public static IAlterBuilder AddJwtPrincipals(this IAlterBuilder builder, Action<JwtPrincipalOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<JwtPrincipalOptions>().Configure(configure);
        if (builder.Services.Any(static d => d.ServiceType == typeof(JwtValidatorHolder))) return builder;   // a second call only adds its callback
        builder.Services.AddSingleton<JwtValidatorHolder>();
        // PostConfigure: after AddAlter's own callbacks, so the app's final TimeProvider is known.
        builder.Services.AddOptions<AlterOptions>().PostConfigure<JwtValidatorHolder>(static (options, holder) =>
        {
            if (options.UserTokenValidator is not null && !ReferenceEquals(options.UserTokenValidator, holder.Current))
                throw new InvalidOperationException("AlterOptions.UserTokenValidator is set in code and AddJwtPrincipals was called too: keep one of them.");
            options.UserTokenValidator = holder.Get(options.TimeProvider, options.LoggerFactory);
        });
        return builder;
    }
}

/// <summary>Owns the container's one <see cref="JwtUserTokenValidator"/>, created on first use and disposed with the container.</summary>
internal sealed class JwtValidatorHolder(IOptions<JwtPrincipalOptions> options, IServiceProvider services) : IDisposable
{
    private readonly Lock _lock = new();

    public JwtUserTokenValidator? Current { get; private set; }

    public JwtUserTokenValidator Get(TimeProvider appClock, ILoggerFactory? appLoggers)
    {
        lock (_lock) return Current ??= new JwtUserTokenValidator(options.Value, appClock, appLoggers ?? services.GetService<ILoggerFactory>());
    }

    public void Dispose() => Current?.Dispose();
}
