using System.Collections.Concurrent;
using System.Data.Common;
using Alter.Typed.Audit;
using Alter.Typed.Vault;
using Npgsql;

namespace Alter.Typed.PostgreSql;

/// <summary>
/// The shared store on PostgreSQL: the tables of the SQLite store (<see cref="PostgresSchema"/>), the same statements
/// (<see cref="AlterDatabase"/>), pooled connections from one <see cref="NpgsqlDataSource"/> per connection string and
/// process, the schema brought up to date once per process under an advisory lock (so instances starting together
/// migrate once), and audit rows written in batches with binary COPY (<see cref="PostgresAuditWriter"/>).
/// </summary>
internal sealed class PostgresDatabase : AlterDatabase
{
    /// <summary>One data source (its pool, its checked schema) per connection string in the process, as Npgsql advises.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> Sources = new(StringComparer.Ordinal);

    /// <summary>The advisory lock key of schema migrations (an arbitrary constant: "alter" in ASCII, then 1).</summary>
    internal const long MigrationLock = 0x616c746572_01;

    /// <summary>The advisory lock key every audit writer of the store takes (see <see cref="PostgresAuditWriter"/>).</summary>
    internal const long AuditLock = 0x616c746572_02;

    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder parsed;
        try { parsed = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e)
        {
            // The text may hold a password: name the problem, never echo the string.
            throw new AlterException($"The store's connection string (AlterOptions.ConnectionString, Alter:Store) is not a valid PostgreSQL connection string: {e.Message.Split('\n')[0]} It looks like Host=db;Database=alter;Username=alter;Password=...", e);
        }
        Description = $"the PostgreSQL store {(string.IsNullOrEmpty(parsed.Database) ? "(default database)" : parsed.Database)} on {parsed.Host}:{parsed.Port}";
        var description = Description;
        var lazy = Sources.GetOrAdd(connectionString, cs => new Lazy<NpgsqlDataSource>(() => Create(cs, description)));
        try { _source = lazy.Value; }
        catch
        {
            Sources.TryRemove(new KeyValuePair<string, Lazy<NpgsqlDataSource>>(connectionString, lazy)); // the next open tries again (the server may be back)
            throw;
        }
    }

    /// <inheritdoc/>
    public override string Description { get; }

    /// <inheritdoc/>
    public override DbConnection Open() => OpenNpgsql();

    /// <summary>Opens a pooled connection; the caller disposes it.</summary>
    public NpgsqlConnection OpenNpgsql()
    {
        try { return _source.OpenConnection(); }
        catch (NpgsqlException e) { throw Unreachable(Description, e); }
    }

    /// <inheritdoc/>
    /// <remarks>A transaction-scoped advisory lock on the key's 64-bit hash: held until commit or rollback, across instances.</remarks>
    public override DbTransaction BeginWrite(DbConnection connection, string key)
    {
        var tx = ((NpgsqlConnection)connection).BeginTransaction();
        using var command = tx.Command("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", ("@key", key));
        command.ExecuteNonQuery();
        return tx;
    }

    /// <inheritdoc/>
    public override bool IsUniqueViolation(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc/>
    /// <remarks>
    /// PostgreSQL keeps a deleted row's old version until VACUUM reclaims its space; this vacuums the two tables that
    /// hold sealed tokens so the space is reused. Copies in the write-ahead log and in backups remain until they are
    /// recycled: they are sealed with the vault key (AES-256-GCM), unreadable without it.
    /// </remarks>
    public override void WipeFreedContent()
    {
        using var connection = OpenNpgsql();
        using var vacuum = connection.Command("VACUUM tokens, grants");
        vacuum.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public override AuditBatchWriter CreateAuditWriter() => new PostgresAuditWriter(this);

    /// <inheritdoc/>
    /// <remarks>One snapshot (repeatable read, read only): writers go on meanwhile and are not seen half-way.</remarks>
    public override AuditVerification VerifyAudit(string appId, AuditChainKeys keys)
    {
        using var connection = OpenNpgsql();
        using var tx = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        using (var readOnly = tx.Command("SET TRANSACTION READ ONLY")) readOnly.ExecuteNonQuery();
        return AuditChainVerifier.Verify(new PostgresChainSource(tx, this), appId, keys);
    }

    /// <inheritdoc/>
    /// <remarks>Under the audit writers' lock (<see cref="AuditLock"/>): every instance's writer waits while the prefix goes.</remarks>
    public override AuditPruneResult PruneAudit(string appId, AuditChainKeys keys, DateTimeOffset cutoff)
    {
        using var connection = OpenNpgsql();
        using var tx = connection.BeginTransaction();
        using (var take = tx.Command("SELECT pg_advisory_xact_lock(@key)", ("@key", AuditLock))) take.ExecuteNonQuery();
        var result = AuditRetention.PruneLocked(connection, new PostgresChainSource(tx, this), appId, keys, cutoff, tx);
        tx.Commit();
        return result;
    }

    /// <inheritdoc/>
    public override string DescribeError(Exception e) => e switch
    {
        PostgresException pg => $"PostgreSQL error {pg.SqlState}: {pg.MessageText}",
        NpgsqlException npgsql => "PostgreSQL connection error: " + npgsql.Message,
        _ => e.GetType().Name + ": " + e.Message,
    };

    private static NpgsqlDataSource Create(string connectionString, string description)
    {
        // The slim builder: only the types the store uses (text, bigint, bytea, double), trim- and AOT-safe.
        var source = new NpgsqlSlimDataSourceBuilder(connectionString).Build();
        try
        {
            Migrate(source, description);
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Brings the database to <see cref="PostgresSchema.Latest"/>: under a session advisory lock (instances starting at
    /// once take turns; the second finds nothing to do), in one transaction (PostgreSQL's DDL is transactional: a failed
    /// step leaves the old version whole).
    /// </summary>
    private static void Migrate(NpgsqlDataSource source, string description)
    {
        NpgsqlConnection connection;
        try { connection = source.OpenConnection(); }
        catch (NpgsqlException e) { throw Unreachable(description, e); }
        using (connection)
        {
            using (var take = connection.Command("SELECT pg_advisory_lock(@key)", ("@key", MigrationLock))) take.ExecuteNonQuery();
            try
            {
                using var tx = connection.BeginTransaction();
                using (var create = tx.Command("CREATE TABLE IF NOT EXISTS alter_schema (version integer NOT NULL)")) create.ExecuteNonQuery();
                long version;
                using (var read = tx.Command("SELECT version FROM alter_schema")) version = read.ExecuteScalar() is int v ? v : 0;
                if (version > PostgresSchema.Latest)
                    throw new AlterException($"{description} was written by a newer AlterTyped (schema {version}; this one knows {PostgresSchema.Latest}); upgrade the package.");
                if (version == PostgresSchema.Latest) return;
                foreach (var step in PostgresSchema.Steps)
                {
                    if (step.Version <= version) continue;
                    try
                    {
                        using var run = tx.Command(step.Sql);
                        run.ExecuteNonQuery();
                    }
                    catch (PostgresException e)
                    {
                        throw new AlterException($"Upgrading {description} to schema {step.Version} ({step.What}) failed: {e.MessageText} Nothing was changed; check the role's rights (it must create tables), or report this.", e);
                    }
                }
                using (var clear = tx.Command("DELETE FROM alter_schema")) clear.ExecuteNonQuery();
                using (var write = tx.Command("INSERT INTO alter_schema (version) VALUES (@v)", ("@v", PostgresSchema.Latest))) write.ExecuteNonQuery();
                tx.Commit();
            }
            finally
            {
                using var release = connection.Command("SELECT pg_advisory_unlock(@key)", ("@key", MigrationLock));
                release.ExecuteNonQuery();
            }
        }
    }

    private static StoreUnavailableException Unreachable(string description, NpgsqlException e)
        => new(description, $"Could not connect to {description}: {e.Message} Check that the server runs and the connection string (AlterOptions.ConnectionString, Alter:Store) names it.", e);
}
