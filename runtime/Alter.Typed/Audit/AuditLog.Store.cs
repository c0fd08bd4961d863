namespace Alter.Typed.Audit;

/// <summary>Writing rows to a store other than SQLite, through its <see cref="AuditBatchWriter"/> (PostgreSQL's: binary COPY).</summary>
internal sealed partial class AuditLog
{
    /// <summary>The store's own writer of batches; null for SQLite, whose rows this log writes itself.</summary>
    private readonly AuditBatchWriter? _storeWriter;

    /// <summary>The chain state <see cref="_storeWriter"/> extends (only under <see cref="_flushLock"/>).</summary>
    private readonly AuditChainAppender? _appender;

    /// <summary>Writes one batch through the store's writer; on failure the rows are put back (buffered mode) or reported (durable).</summary>
    private void WriteToStore(AuditBatchWriter writer, List<AuditEntry> batch, bool requeueOnFailure)
    {
        try
        {
            writer.Write(batch, _appender!);
            _appender!.Committed();
            Interlocked.Increment(ref _transactions);
            if (_export is not null)
            {
                try { AuditLogExport.Write(_export, _appId, batch, _appender.FirstId, _appender.FirstSeq, _appender.Macs, HostOf); }
                catch (Exception e) { LogExportFailed(_logger, e); }
            }
        }
        catch (Exception) when (requeueOnFailure)
        {
            foreach (var r in batch) _queue.Enqueue(r); // keep them for the next attempt rather than lose them
            throw;
        }
    }
}
