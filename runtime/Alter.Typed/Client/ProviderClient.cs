using System.ComponentModel;

namespace Alter.Typed;

/// <summary>
/// The base of every generated provider client (<c>SlackClient</c>, <c>GitHubClient</c>, ...).
/// Generated operation methods are thin calls into <see cref="SendAsync{TRequest, TResponse}"/>,
/// which runs them through the app's credential pipeline.
/// </summary>
public abstract class ProviderClient
{
    /// <summary>Creates a client for <paramref name="descriptor"/> bound to <paramref name="grantId"/>, or to the principal's only grant for the provider when null.</summary>
    protected ProviderClient(AlterApp app, ProviderDescriptor descriptor, string? grantId)
        : this(app, descriptor, grantId, principal: null, account: null)
    {
    }

    /// <summary>
    /// Creates a client for <paramref name="descriptor"/> acting for <paramref name="principal"/> (null: whom the app's
    /// options say, else the app itself), under <paramref name="grantId"/> or the principal's grant for
    /// <paramref name="account"/> (null: its only grant for the provider).
    /// </summary>
    protected ProviderClient(AlterApp app, ProviderDescriptor descriptor, string? grantId, Principal? principal, string? account)
        : this(app, descriptor, grantId, principal, account, delegationId: null)
    {
    }

    /// <summary>
    /// As <see cref="ProviderClient(AlterApp, ProviderDescriptor, string?, Principal?, string?)"/>, through the delegation
    /// <paramref name="delegationId"/> (null: none), which then decides whom calls act for and under which grant.
    /// </summary>
    protected ProviderClient(AlterApp app, ProviderDescriptor descriptor, string? grantId, Principal? principal, string? account, string? delegationId)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
        Descriptor = descriptor ?? throw new ArgumentNullException(nameof(descriptor));
        GrantId = grantId;
        Principal = principal;
        Account = account;
        DelegationId = delegationId;
    }

    /// <summary>The app whose grants and vault this client uses.</summary>
    public AlterApp App { get; }

    /// <summary>The provider this client calls.</summary>
    public ProviderDescriptor Descriptor { get; }

    /// <summary>
    /// The grant this client acts under; <see langword="null"/> means the principal's only grant for this provider
    /// (or for <see cref="Account"/>): none is <see cref="ConnectRequiredException"/>, several <see cref="AmbiguousGrantException"/>.
    /// A grant the principal does not own is <see cref="GrantNotFoundException"/>, as one that does not exist.
    /// </summary>
    public string? GrantId { get; }

    /// <summary>
    /// Whom this client's calls act for (<c>ForUser</c>); <see langword="null"/> lets the app's options decide
    /// (<see cref="AlterOptions.PrincipalSource"/>, the user token) and otherwise means the app itself.
    /// </summary>
    public Principal? Principal { get; }

    /// <summary>The provider-side account (<c>WithAccount</c>) choosing among the principal's grants; <see langword="null"/> for its only one.</summary>
    public string? Account { get; }

    /// <summary>
    /// The delegation this client's calls go through (<c>WithDelegation</c>; <c>dlg_…</c>), chosen explicitly: an app opened
    /// with the agent's key then acts for the user who delegated, under the delegated grant only, each call rechecking the
    /// delegation. <see langword="null"/>: no delegation (an agent then acts for itself, with its own grants).
    /// </summary>
    public string? DelegationId { get; }

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

    /// <summary>
    /// Streams the items of every page of a paginated operation, fetching a page only when the consumer reaches it; each
    /// page is a call like <see cref="SendAsync{TRequest, TResponse}"/>. Called by generated streamers.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public IAsyncEnumerable<TItem> SendPagedAsync<TRequest, TResponse, TItem>(OperationDescriptor operation, RequestArguments? arguments, TRequest? request, Func<TResponse, IEnumerable<TItem>?> items, CancellationToken cancellationToken)
        => Paging.PageWalker.WalkAsync(App.Sender, this, operation, arguments, request, items, cancellationToken);

    /// <summary>As <see cref="SendPagedAsync{TRequest, TResponse, TItem}"/>, for an operation that takes no request object. Called by generated streamers.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public IAsyncEnumerable<TItem> SendPagedAsync<TResponse, TItem>(OperationDescriptor operation, RequestArguments? arguments, Func<TResponse, IEnumerable<TItem>?> items, CancellationToken cancellationToken)
        => Paging.PageWalker.WalkAsync<object, TResponse, TItem>(App.Sender, this, operation, arguments, null, items, cancellationToken);
}
