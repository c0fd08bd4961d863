namespace Alter.Typed;

/// <summary>
/// The lifecycle of the principals that own grants in one app (<c>app.Users</c>): who has connected what, and removing
/// someone entirely. Administration with the app's key: it sees every owner's grants, and never their tokens.
/// </summary>
public sealed class AlterUsers
{
    private readonly AlterApp _app;

    internal AlterUsers(AlterApp app) => _app = app;

    /// <summary>Every principal that owns at least one grant (users, agents, the app itself), oldest first.</summary>
    /// <exception cref="AgentAccessException">An agent key opened the app (as for every member here).</exception>
    public IReadOnlyList<OwnerInfo> List()
    {
        _app.RequireAppKey("Listing the app's principals");
        return _app.ServicesForUsers.Grants.Store.Owners();
    }

    /// <summary>The grants <paramref name="principal"/> owns (empty when none), oldest first.</summary>
    public IReadOnlyList<GrantInfo> Show(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        _app.RequireAppKey("Showing a principal's grants");
        return _app.ServicesForUsers.Grants.Store.List(principal);
    }

    /// <summary>
    /// Revokes one grant of <paramref name="principal"/> (a user's "disconnect"): the provider revokes its tokens, then the
    /// grant and its tokens are deleted and the revocation audited. A grant id the principal does not own is treated
    /// exactly as one that does not exist: false, nothing read, nothing revoked. Unlike <see cref="AlterApp.RevokeGrant"/>
    /// (administration, any owner), this is safe to call with an id that came from the user's browser.
    /// </summary>
    /// <param name="principal">Whom the grant must belong to: the signed-in user.</param>
    /// <param name="grantId">The grant id.</param>
    /// <param name="cancellationToken">Cancels the call to the provider.</param>
    /// <exception cref="RevocationFailedException">The provider refused; the grant is kept so the revocation can be retried.</exception>
    public async Task<bool> RevokeGrant(Principal principal, string grantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        _app.RequireAppKey("Revoking a principal's grant");
        var services = _app.ServicesForUsers;
        if (services.Grants.Store.Find(grantId, principal) is not { } grant) return false;
        var started = _app.Time.GetTimestamp();
        var (provider, revoked) = await _app.RevokeAtProviderAsync(grant, cancellationToken).ConfigureAwait(false);
        services.Tokens.Forget(grant.Id);
        services.Grants.Store.Delete(grant.Id);
        _app.AuditRevocation(grant, AlterApp.RevocationHost(provider, revoked), revoked, "grant.revoke", started);
        return true;
    }

    /// <summary>
    /// Removes <paramref name="principal"/>: asks each of its grants' providers to revoke the tokens, then deletes all its
    /// grants and tokens (and the delegations it made, or holds as an agent) from the store so that no byte of them is left in the database file or its log, and audits each
    /// grant (<c>user.remove</c>: <c>revoked</c>, or <c>removed</c> when the provider has no revocation endpoint or
    /// refused). A provider that refuses or cannot be reached does not keep the data: the user asked to be removed, so
    /// the rows go, and <see cref="UserRemoval.NotRevoked"/> names the grants whose tokens may still be live at their
    /// provider (revoke them there by hand).
    /// </summary>
    /// <param name="principal">Whom to remove.</param>
    /// <param name="cancellationToken">Cancels the calls to the providers; a cancelled removal has deleted nothing yet (run it again).</param>
    public async Task<UserRemoval> Remove(Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        _app.RequireAppKey("Removing a principal");
        var services = _app.ServicesForUsers;
        var time = _app.Time;
        var grants = services.Grants.Store.List(principal);
        var revoked = new List<string>();
        var notRevoked = new List<string>();
        var outcomes = new List<(GrantInfo Grant, string Host, bool Revoked, long Started)>();
        foreach (var grant in grants)
        {
            var started = time.GetTimestamp();
            var (host, done) = ("local", false);
            try
            {
                var (provider, revokedThere) = await _app.RevokeAtProviderAsync(grant, cancellationToken).ConfigureAwait(false);
                (host, done) = (AlterApp.RevocationHost(provider, revokedThere), revokedThere);
            }
            // A provider that refuses, cannot be reached, or that this app no longer knows: the data goes anyway.
            catch (Exception e) when (e is AlterException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
            }
            (done ? revoked : notRevoked).Add(grant.Id);
            outcomes.Add((grant, host, done, started));
        }
        foreach (var grant in grants) services.Tokens.Forget(grant.Id);
        // The delegations the user made (or the agent held) go first: no agent acts for someone removed.
        services.Delegations.DeleteFor(principal);
        services.Grants.Store.DeleteOwner(principal);
        foreach (var (grant, host, done, started) in outcomes)
            _app.AuditRevocation(grant, host, done, "user.remove", started);
        return new UserRemoval(principal, grants, revoked, notRevoked);
    }
}

/// <summary>What <see cref="AlterUsers.Remove"/> did.</summary>
/// <param name="Principal">Who was removed.</param>
/// <param name="Grants">The grants deleted (none left in the store).</param>
/// <param name="Revoked">The ids of the grants whose provider revoked the tokens.</param>
/// <param name="NotRevoked">The ids of the grants deleted without a revocation at the provider (it has no revocation endpoint, refused, or could not be reached).</param>
public sealed record UserRemoval(Principal Principal, IReadOnlyList<GrantInfo> Grants, IReadOnlyList<string> Revoked, IReadOnlyList<string> NotRevoked);
