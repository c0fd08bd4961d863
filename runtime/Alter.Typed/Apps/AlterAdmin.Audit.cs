using Alter.Typed.Audit;
using Alter.Typed.Vault;

namespace Alter.Typed;

/// <summary>The audit trail's integrity and retention: verifying an app's chain, deleting its old rows.</summary>
public sealed partial class AlterAdmin
{
    private readonly AlterOptions _options;
    private AuditChainKeys? _auditKeys;

    /// <summary>The chain's keys, derived from the vault key (resolved, and created when there is none, on first use).</summary>
    private AuditChainKeys AuditKeys => _auditKeys ??= AuditChainKeys.From(VaultKey.Resolve(_options));

    /// <summary>
    /// Checks that an app's audit log was not edited: every row's MAC (chained over the previous row's, keyed from the
    /// vault key), the signed checkpoints, and the signed head (so deleting the newest rows is seen too). Reads one
    /// snapshot of the store; writers go on meanwhile. Needs the vault key the rows were written under.
    /// </summary>
    /// <param name="appIdOrName">The app's id or name.</param>
    /// <returns>Intact, or the first broken link with the row it was found at (<see cref="AuditVerification.Break"/>).</returns>
    /// <exception cref="AlterException">There is no such app.</exception>
    public AuditVerification VerifyAudit(string appIdOrName)
    {
        var app = FindApp(appIdOrName) ?? throw new AlterException($"No app '{appIdOrName}'.");
        return _db.VerifyAudit(app.Id, AuditKeys);
    }

    /// <summary>
    /// Deletes an app's audit rows older than <paramref name="olderThan"/> (retention by age) and keeps the chain
    /// verifiable: the MAC of the last deleted row becomes the signed anchor that <see cref="VerifyAudit"/> starts from.
    /// The oldest rows go first, up to the first row at or after the cutoff. A broken chain is not pruned (that would
    /// delete the evidence): the call fails and nothing is deleted.
    /// </summary>
    /// <param name="appIdOrName">The app's id or name.</param>
    /// <param name="olderThan">The age past which rows are deleted (positive).</param>
    /// <exception cref="AlterException">No such app, a non-positive age, or a broken chain.</exception>
    public AuditPruneResult PruneAudit(string appIdOrName, TimeSpan olderThan)
    {
        if (olderThan <= TimeSpan.Zero) throw new AlterException("The retention age must be positive (for example 90 days).");
        var app = FindApp(appIdOrName) ?? throw new AlterException($"No app '{appIdOrName}'.");
        return _db.PruneAudit(app.Id, AuditKeys, _time.GetUtcNow() - olderThan);
    }
}
