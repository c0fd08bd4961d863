namespace Alter.Typed;

/// <summary>When a call's audit row is written, relative to the call returning.</summary>
public enum AuditMode
{
    /// <summary>
    /// The default: a call returns only after its audit row is committed (concurrent calls share one transaction); a row
    /// that cannot be written fails the call with <see cref="AuditWriteException"/>.
    /// </summary>
    Durable,

    /// <summary>
    /// Opt-in for throughput: rows are queued and written in batches every <see cref="AlterOptions.AuditFlushInterval"/>;
    /// a process that dies loses the rows of calls made since the last write.
    /// </summary>
    Buffered,
}
