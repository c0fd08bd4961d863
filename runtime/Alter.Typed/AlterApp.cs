namespace Alter.Typed;

/// <summary>
/// An application's entry point: grants, Connect, the untyped <c>Request</c> escape hatch and audit.
/// The generator derives a typed <c>App</c> from it with one property per provider.
/// </summary>
public abstract partial class AlterApp : IAsyncDisposable, IDisposable
{
    /// <summary>Opens the app identified by <paramref name="apiKey"/> with the given providers.</summary>
    protected AlterApp(string apiKey, AlterOptions? options, IReadOnlyList<ProviderDescriptor> providers)
    {
        throw new NotImplementedException();
    }

    internal OperationSender Sender { get; } = null!;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public void Dispose() { }
}

/// <summary>Options of an <see cref="AlterApp"/>.</summary>
public sealed class AlterOptions
{
}

internal sealed class OperationSender
{
    public Task<TResponse> SendAsync<TRequest, TResponse>(ProviderClient client, OperationDescriptor operation, RequestArguments? arguments, TRequest? request, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task SendNoContentAsync<TRequest>(ProviderClient client, OperationDescriptor operation, RequestArguments? arguments, TRequest? request, CancellationToken cancellationToken) => throw new NotImplementedException();
}
