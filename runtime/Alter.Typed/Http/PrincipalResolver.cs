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

    public PrincipalResolver(AppInfo app, AlterOptions options)
    {
        App = Principal.ForApp(app.Id);
        _ = App.Key; // built once here, not on the first call
        (_source, _tokenGetter, _validator) = (options.PrincipalSource, options.UserTokenGetter, options.UserTokenValidator);
    }

    /// <summary>The app's own principal: the owner of system grants, and whom a call acts for when nothing names anyone.</summary>
    public Principal App { get; }

    /// <summary>
    /// Whether nothing asynchronous is configured: then every call acts for its client's principal or the app, decided
    /// synchronously without allocating (the per-call benchmark's path).
    /// </summary>
    public bool IsSynchronous => _source is null && _tokenGetter is null;

    /// <summary>Whom a call acts for; <paramref name="named"/> is the client's <c>ForUser</c> principal, if any.</summary>
    public ValueTask<Principal> ResolveAsync(Principal? named, CancellationToken cancellationToken)
    {
        if (named is not null) return new(named);
        if (IsSynchronous) return new(App);
        return FromSourcesAsync(cancellationToken);
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
