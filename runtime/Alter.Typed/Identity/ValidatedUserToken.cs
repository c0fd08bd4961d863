namespace Alter.Typed;

/// <summary>What a validated user token says: whom it identifies, their groups, and until when it holds.</summary>
public sealed class ValidatedUserToken
{
    internal ValidatedUserToken(Principal principal, IReadOnlyList<string> groups, DateTimeOffset expiresAt)
        => (Principal, Groups, ExpiresAt) = (principal, groups, expiresAt);

    /// <summary>The user: <see cref="Principal.User"/> of the token's issuer and user id claim.</summary>
    public Principal Principal { get; }

    /// <summary>The values of the groups claim (<see cref="JwtPrincipalOptions.GroupsClaim"/>), in token order; empty when absent.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>The token's <c>exp</c>: after it (plus the clock skew) the token is refused.</summary>
    public DateTimeOffset ExpiresAt { get; }
}
