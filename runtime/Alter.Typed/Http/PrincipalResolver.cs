namespace Alter.Typed.Http;

/// <summary>
/// Decides whom a call acts for, in this order: the principal its client names (<c>ForUser</c>), else
/// <see cref="AlterOptions.PrincipalSource"/>, else the user token of <see cref="AlterOptions.UserTokenGetter"/> as
/// <see cref="AlterOptions.UserTokenValidator"/> validates it, else the app itself. A refused token is an
/// <see cref="InvalidUserTokenException"/>, never a step down to the app.
/// </summary>
internal sealed class PrincipalResolver
{
    private readonly Func<CancellationToken, ValueTask<Principal?>>? _source;
    private readonly Func<CancellationToken, ValueTask<string?>>? _tokenGetter;
    private readonly IUserTokenValidator? _validator;

    public PrincipalResolver(AppInfo app, AlterOptions options, AgentInfo? agent = null)
    {
        App = Principal.ForApp(app.Id);
        _ = App.Key; // built once here, not on the first call
        Agent = agent?.Principal;
        _ = Agent?.Key;
        (_source, _tokenGetter, _validator) = (options.PrincipalSource, options.UserTokenGetter, options.UserTokenValidator);
    }

    /// <summary>The app's own principal: the owner of system grants, and whom a call acts for when nothing names anyone.</summary>
    public Principal App { get; }

    /// <summary>
    /// The agent an agent key opened the app as, else null. Then every call acts for it and for no one else: no client,
    /// principal source or user token may name another principal (acting for a user goes through a delegation: WithDelegation).
    /// </summary>
    public Principal? Agent { get; }

    /// <summary>Whom a call acts for when nothing names anyone: the agent, else the app.</summary>
    public Principal Self => Agent ?? App;

    /// <summary>
    /// Whether nothing asynchronous is configured: then every call acts for its client's principal or the app, decided
    /// synchronously without allocating (the per-call benchmark's path).
    /// </summary>
    public bool IsSynchronous => Agent is not null || (_source is null && _tokenGetter is null);

    /// <summary>Whom a call acts for; <paramref name="named"/> is the client's <c>ForUser</c> principal, if any.</summary>
    /// <exception cref="AgentAccessException">An agent's app was asked to act for someone else.</exception>
    public ValueTask<Principal> ResolveAsync(Principal? named, CancellationToken cancellationToken)
    {
        if (Agent is not null) return new(Named(named ?? Agent));
        if (named is not null) return new(named);
        if (IsSynchronous) return new(App);
        return FromSourcesAsync(cancellationToken);
    }

    /// <summary>
    /// A principal a client or an option names, as the call may act for it: for an agent's app only the agent itself.
    /// A principal source or user token configured alongside an agent key is refused rather than ignored, so that no
    /// one believes a call acts for a user when it acts for the agent.
    /// </summary>
    /// <exception cref="AgentAccessException">An agent's app was asked to act for someone else.</exception>
    public Principal Named(Principal named)
    {
        if (Agent is null) return named;
        if (!named.Equals(Agent))
            throw new AgentAccessException($"This app was opened with the key of {Agent}, which acts for itself only: it cannot act for {named.Kind.ToString().ToLowerInvariant()} principals (to act for a user, use a delegation the user made to this agent: client.WithDelegation(id)). Use the agent's own grants, or the app's key.");
        if (_source is not null || _tokenGetter is not null)
            throw new AgentAccessException($"This app was opened with the key of {Agent}, which acts for itself only, but AlterOptions.PrincipalSource or UserTokenGetter is set to choose whom calls act for; unset them for an agent key (to act for a user, use a delegation: client.WithDelegation(id)).");
        return named;
    }

    private async ValueTask<Principal> FromSourcesAsync(CancellationToken cancellationToken)
    {
        if (_source is not null && await _source(cancellationToken).ConfigureAwait(false) is { } fromSource)
            return fromSource;
        if (_tokenGetter is not null && await _tokenGetter(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
        {
            // A token nobody can check is refused, not ignored: acting for the app instead would be the fallback the
            // ownership rules forbid.
            if (_validator is null)
                throw new InvalidUserTokenException("AlterOptions.UserTokenGetter returned a user token but no AlterOptions.UserTokenValidator is set to validate it (AddJwtPrincipals sets one); the call was refused.", "no_validator");
            return await _validator.ValidateAsync(token, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidUserTokenException("The user token validator returned no principal; the call was refused.", "no_principal");
        }
        return App;
    }
}
