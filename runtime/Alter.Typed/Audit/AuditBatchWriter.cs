namespace Alter.Typed.Audit;

/// <summary>
/// Writes the audit log's row batches to a store other than SQLite (whose writer is the log's own, <c>AuditLog.Sqlite.cs</c>).
/// One instance per log; calls are serialized by the log (never two batches at once).
/// </summary>
internal abstract class AuditBatchWriter : IDisposable
{
    /// <summary>
    /// Writes <paramref name="rows"/> in one transaction, each given the app's next id, sequence number and chain MAC by
    /// <paramref name="chain"/> (which reads and checks the app's signed head inside that transaction, under a lock that
    /// every writer of the store takes, so two instances never fork the chain). Throws when the store refuses; then
    /// nothing of the batch is stored.
    /// </summary>
    public abstract void Write(IReadOnlyList<AuditEntry> rows, AuditChainAppender chain);

    /// <summary>Closes the writer's connection, if it keeps one.</summary>
    public virtual void Dispose() { }
}
