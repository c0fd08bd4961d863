namespace Alter.Typed;

/// <summary>The state of a grant.</summary>
public enum GrantStatus
{
    /// <summary>Usable.</summary>
    Active,
    /// <summary>Expired or revoked at the provider: the user must connect again.</summary>
    ReauthRequired,
}

/// <summary>
/// A consent for this app to call a provider on someone's behalf, owned by one <see cref="Alter.Typed.Principal"/>: only
/// calls acting for that owner can use it. Holds no secret.
/// </summary>
/// <param name="Id">The grant id (<c>grant_…</c>).</param>
/// <param name="Provider">The provider id.</param>
/// <param name="Owner">Who owns the grant: a user, the app itself (a system grant) or an agent. Calls acting for anyone else never see it.</param>
/// <param name="Account">The provider-side account, when the provider reports one (Slack: <c>T…/U…</c>).</param>
/// <param name="Scopes">The scopes granted.</param>
/// <param name="Status">Whether it is usable.</param>
/// <param name="CreatedAt">When it was first connected.</param>
/// <param name="UpdatedAt">When its tokens last changed.</param>
/// <param name="ConnectionValues">The per-connection values its provider's URLs were bound to (a subdomain, a tenant); empty for most.</param>
public sealed record GrantInfo(string Id, string Provider, Principal Owner, string? Account, IReadOnlyList<string> Scopes, GrantStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyDictionary<string, string> ConnectionValues);
