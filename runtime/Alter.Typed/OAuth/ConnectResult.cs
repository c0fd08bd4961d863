namespace Alter.Typed;

/// <summary>The outcome of connecting one provider.</summary>
/// <param name="Provider">The provider id.</param>
/// <param name="GrantId">The grant to call it with (the same id when an account is re-connected).</param>
/// <param name="Owner">Who owns the grant: only calls acting for this principal can use it.</param>
/// <param name="Account">The provider-side account, when the provider reports it.</param>
/// <param name="Scopes">The scopes granted.</param>
public sealed record ConnectResult(string Provider, string GrantId, Principal Owner, string? Account, IReadOnlyList<string> Scopes);

/// <summary>Options of one Connect.</summary>
public sealed record ConnectOptions
{
    /// <summary>
    /// Who owns the new grants: a user (<see cref="Principal.User"/>), the app (<see cref="Principal.ForApp"/>) or an agent.
    /// Default: whom a call would act for now (<see cref="AlterOptions.PrincipalSource"/>, else the user token of
    /// <see cref="AlterOptions.UserTokenGetter"/>, else the app itself), so a Connect and the calls after it agree.
    /// </summary>
    public Principal? Owner { get; init; }

    /// <summary>
    /// Values the provider's URLs need (for example <c>subdomain</c> for Zendesk), as its description declares them.
    /// Each is checked against the description's pattern (default: one DNS label) before anything is sent.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ConnectionValues { get; init; }

    /// <summary>
    /// User scopes, for providers that issue a user token beside the app's (Slack's <c>user_scope</c>): the grant then
    /// holds the user token (Slack's <c>authed_user.access_token</c>), and <see cref="Scopes"/> defaults to none.
    /// </summary>
    public IReadOnlyList<string>? UserScopes { get; init; }

    /// <summary>Scopes to request instead of the provider's defaults (or the app's configured scopes).</summary>
    public IReadOnlyList<string>? Scopes { get; init; }
}
