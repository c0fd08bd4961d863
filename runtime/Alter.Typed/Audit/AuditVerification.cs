namespace Alter.Typed;

/// <summary>
/// What <see cref="AlterAdmin.VerifyAudit"/> found in one app's audit chain: intact (<see cref="Break"/> null), or the
/// first broken link.
/// </summary>
public sealed record AuditVerification
{
    /// <summary>The app whose rows were checked.</summary>
    public required string AppId { get; init; }

    /// <summary>True when every chained row, checkpoint and the signed head check out.</summary>
    public bool Intact => Break is null;

    /// <summary>Chained rows whose MAC was recomputed and matched (up to the first break).</summary>
    public long RowsVerified { get; init; }

    /// <summary>
    /// Rows written before the chain existed (stores upgraded to schema 12): counted against the signed head, their
    /// content cannot be checked.
    /// </summary>
    public long LegacyRows { get; init; }

    /// <summary>The id of the newest row the signed head names; null when the app has no chained row yet.</summary>
    public long? HeadId { get; init; }

    /// <summary>The chain's MAC at the head (hex). Recording it elsewhere lets a later check detect a rollback of the whole store.</summary>
    public string? HeadMac { get; init; }

    /// <summary>The id of the last row retention deleted (the chain is verified from its MAC on); 0 when none was.</summary>
    public long AnchorId { get; init; }

    /// <summary>Signed checkpoints found and checked.</summary>
    public int Checkpoints { get; init; }

    /// <summary>The first broken link; null when the chain is intact.</summary>
    public AuditBreak? Break { get; init; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>The first broken link of an audit chain.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="RowId">The audit row it was found at (for a deletion: the first row after the gap; for a truncation: the last row the head names).</param>
/// <param name="Message">What is wrong, in a sentence naming the row(s).</param>
public sealed record AuditBreak(AuditBreakKind Kind, long RowId, string Message);

/// <summary>How an audit chain is broken.</summary>
public enum AuditBreakKind
{
    /// <summary>A row's content (or its MAC) no longer matches: the row was edited.</summary>
    Edited,

    /// <summary>Rows are missing from the middle of the chain: deleted.</summary>
    Missing,

    /// <summary>Rows are out of sequence: reordered, duplicated, or deleted rows put back.</summary>
    OutOfOrder,

    /// <summary>The newest rows named by the signed head are gone: the log was truncated.</summary>
    Truncated,

    /// <summary>A row without a valid place in the chain was added (no MAC, or past the signed head).</summary>
    Inserted,

    /// <summary>The signed head fails its signature, or is missing while rows carry MACs.</summary>
    HeadForged,

    /// <summary>A checkpoint fails its signature or names another row or MAC than the chain has.</summary>
    CheckpointForged,

    /// <summary>Rows written before the chain started were deleted or added (their count no longer matches the signed head).</summary>
    LegacyRowsChanged,

    /// <summary>The chain was written under another vault key than the one given: nothing can be checked.</summary>
    WrongKey,
}

/// <summary>What <see cref="AlterAdmin.PruneAudit"/> deleted.</summary>
/// <param name="AppId">The app whose rows were deleted.</param>
/// <param name="Cutoff">Rows that started before this time were eligible.</param>
/// <param name="RowsDeleted">Rows deleted: the oldest ones, up to the first row at or after <paramref name="Cutoff"/> (a row older than the cutoff but written after a newer one waits for the next prune).</param>
/// <param name="AnchorId">The id of the last deleted chained row: verification now starts from its signed MAC; 0 when no chained row was deleted.</param>
public sealed record AuditPruneResult(string AppId, DateTimeOffset Cutoff, long RowsDeleted, long AnchorId);
