namespace Alter.Typed.Audit;

/// <summary>
/// What the verifier and retention read of one store's audit tables (<see cref="AuditChainVerifier"/>,
/// <see cref="AuditRetention"/>): SQLite's through its C API (<see cref="SqliteChainSource"/>), PostgreSQL's through Npgsql.
/// Runs inside the caller's transaction (a snapshot for verification, the writers' lock for retention).
/// </summary>
internal interface IAuditChainSource
{
    /// <summary>The app's signed head; null when it has none.</summary>
    AuditChainHead? ReadHead(string appId);

    /// <summary>The app's rows with ids up to <paramref name="maxId"/>: largest id, count, how many carry a MAC and the first that does.</summary>
    (long MaxId, long Rows, long WithMac, long FirstMac) Legacy(string appId, long maxId);

    /// <summary>The app's signed checkpoints, by sequence number.</summary>
    List<AuditCheckpoint> ReadCheckpoints(string appId);

    /// <summary>The id of the app's row with sequence <paramref name="seq"/>, if any (asked only on a break).</summary>
    long? FindSeq(string appId, long seq);

    /// <summary>The app's rows after <paramref name="afterId"/>, in id order.</summary>
    IAuditRowCursor Rows(string appId, long afterId);

    /// <summary>Writes (inserts or replaces) the app's head: retention moves its anchor.</summary>
    void WriteHead(AuditChainHead head);
}

/// <summary>One pass over audit rows in id order (<see cref="IAuditChainSource.Rows"/>).</summary>
internal interface IAuditRowCursor : IDisposable
{
    /// <summary>Moves to the next row; false at the end.</summary>
    bool Read();

    /// <summary>The row's id.</summary>
    long Id { get; }

    /// <summary>Whether the row carries a sequence number and a MAC (rows written outside the writer do not).</summary>
    bool IsChained { get; }

    /// <summary>The row's sequence number (when <see cref="IsChained"/>).</summary>
    long Seq { get; }

    /// <summary>The row's stored MAC (when <see cref="IsChained"/>).</summary>
    ReadOnlySpan<byte> Mac { get; }

    /// <summary>
    /// Feeds the row's columns after its id and sequence number to <paramref name="encoder"/>, in the canonical order the
    /// writers MAC them: at, caller, principal, provider, operation, grant, method, host, status, outcome, latency,
    /// refreshed, delegation, tool, approval.
    /// </summary>
    void Encode(AuditRowEncoder encoder);
}
