namespace Alter.Typed;

/// <summary>The state of a grant.</summary>
public enum GrantStatus
{
    /// <summary>Usable.</summary>
    Active,
    /// <summary>Expired or revoked at the provider: the user must connect again.</summary>
    ReauthRequired,
}

/// <summary>A person's consent for this app to call a provider on their behalf. Holds no secret.</summary>
/// <param name="Id">The grant id (<c>grant_…</c>).</param>
/// <param name="Provider">The provider id.</param>
/// <param name="Principal">Who the grant acts for (the person or account in your system).</param>
/// <param name="Account">The provider-side account, when the provider reports one (Slack: <c>T…/U…</c>).</param>
/// <param name="Scopes">The scopes granted.</param>
/// <param name="Status">Whether it is usable.</param>
/// <param name="CreatedAt">When it was first connected.</param>
/// <param name="UpdatedAt">When its tokens last changed.</param>
/// <param name="ConnectionValues">The per-connection values its provider's URLs were bound to (a subdomain, a tenant); empty for most.</param>
public sealed record GrantInfo(string Id, string Provider, string Principal, string? Account, IReadOnlyList<string> Scopes, GrantStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyDictionary<string, string> ConnectionValues);
