using System.Data.Common;

namespace Alter.Typed.Vault;

/// <summary>
/// The store behind an app: apps, API key hashes, grants, sealed tokens, users' and agents' records, and the audit log.
/// Two implementations share every statement of the stores above them (plain ADO.NET, <c>@name</c> parameters, SQL both
/// dialects read alike): <see cref="SqliteDatabase"/>, the embedded default (one file), and PostgreSQL
/// (package <c>AlterTyped.PostgreSql</c>), the store many instances share. What the dialects do differently is here.
/// </summary>
internal abstract class AlterDatabase
{
    /// <summary>Where the store is, for messages: "the store at /home/me/.alter/alter.db", never a password.</summary>
    public abstract string Description { get; }

    /// <summary>Opens a pooled connection; the caller disposes it.</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// Begins a transaction for a read-then-write that must not interleave with another writer of the same
    /// <paramref name="key"/> (a grant's owner and provider, a Connect state, an approval binding), in this process or
    /// another one. SQLite takes the file's write lock (<c>BEGIN IMMEDIATE</c>: every key at once); PostgreSQL a
    /// transaction-scoped advisory lock on the key.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection, string key);

    /// <summary>Whether <paramref name="e"/> is a unique (or primary key) constraint refusing a duplicate.</summary>
    public abstract bool IsUniqueViolation(DbException e);

    /// <summary>
    /// Makes content that deletes freed unreadable on disk (a removed user's sealed tokens): see each implementation.
    /// Throws when it cannot, rather than leave the pages there silently.
    /// </summary>
    public abstract void WipeFreedContent();

    /// <summary>
    /// The writer of the audit log's row batches for this store, or null for the log's built-in SQLite writer (kept
    /// inside the log: its hot path binds the rows' UTF-8 straight into SQLite, measured in benchmarks/README.md).
    /// </summary>
    public abstract Audit.AuditBatchWriter? CreateAuditWriter();

    /// <summary>Checks an app's audit chain over one snapshot of the store (<see cref="AlterAdmin.VerifyAudit"/>).</summary>
    public abstract AuditVerification VerifyAudit(string appId, Audit.AuditChainKeys keys);

    /// <summary>Deletes an app's audit rows before <paramref name="cutoff"/>, re-anchoring its chain (<see cref="AlterAdmin.PruneAudit"/>).</summary>
    public abstract AuditPruneResult PruneAudit(string appId, Audit.AuditChainKeys keys, DateTimeOffset cutoff);

    /// <summary>Describes a store error for an audit failure message: the engine, its code and its message.</summary>
    public abstract string DescribeError(Exception e);
}
