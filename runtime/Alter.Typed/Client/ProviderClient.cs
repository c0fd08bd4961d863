using System.ComponentModel;

namespace Alter.Typed;

/// <summary>
/// The base of every generated provider client (<c>SlackClient</c>, <c>GitHubClient</c>, ...).
/// Generated operation methods are thin calls into <see cref="SendAsync{TRequest, TResponse}"/>,
/// which runs them through the app's credential pipeline.
/// </summary>
public abstract class ProviderClient
{
    /// <summary>Creates a client for <paramref name="descriptor"/> bound to <paramref name="grantId"/>, or to the app's only grant for the provider when null.</summary>
    protected ProviderClient(AlterApp app, ProviderDescriptor descriptor, string? grantId)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
        Descriptor = descriptor ?? throw new ArgumentNullException(nameof(descriptor));
        GrantId = grantId;
    }

    /// <summary>The app whose grants and vault this client uses.</summary>
    public AlterApp App { get; }

    /// <summary>The provider this client calls.</summary>
    public ProviderDescriptor Descriptor { get; }

    /// <summary>
    /// The grant this client acts under; <see langword="null"/> means the app's only grant for this provider
    /// (an error names the choices when there are several).
    /// </summary>
    public string? GrantId { get; }

    /// <summary>Sends an operation and deserializes its JSON response. Called by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task<TResponse> SendAsync<TRequest, TResponse>(OperationDescriptor operation, RequestArguments? arguments, TRequest? request, CancellationToken cancellationToken)
        => App.Sender.SendAsync<TRequest, TResponse>(this, operation, arguments, request, cancellationToken);

    /// <summary>Sends an operation that takes no request object and deserializes its JSON response. Called by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task<TResponse> SendAsync<TResponse>(OperationDescriptor operation, RequestArguments? arguments, CancellationToken cancellationToken)
        => App.Sender.SendAsync<object, TResponse>(this, operation, arguments, null, cancellationToken);

    /// <summary>Sends an operation whose response has no body. Called by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task SendNoContentAsync<TRequest>(OperationDescriptor operation, RequestArguments? arguments, TRequest? request, CancellationToken cancellationToken)
        => App.Sender.SendNoContentAsync(this, operation, arguments, request, cancellationToken);

    /// <summary>Sends an operation that takes no request object and whose response has no body. Called by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task SendNoContentAsync(OperationDescriptor operation, RequestArguments? arguments, CancellationToken cancellationToken)
        => App.Sender.SendNoContentAsync<object>(this, operation, arguments, null, cancellationToken);
}
