namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>services.AddAlter()</c> returns: the service collection the app is registered in, to add handlers to its call
/// pipeline (<see cref="AlterBuilderExtensions.AddHttpMessageHandler{THandler}(IAlterBuilder)"/>).
/// </summary>
public interface IAlterBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}

/// <summary>The <see cref="IAlterBuilder"/> of one service collection.</summary>
/// <param name="services">The service collection.</param>
internal sealed class AlterBuilder(IServiceCollection services) : IAlterBuilder
{
    public IServiceCollection Services { get; } = services;
}
