using Alter.Typed.PostgreSql;

namespace Alter.Typed;

/// <summary>Sets an app up to use the shared store on PostgreSQL (package AlterTyped.PostgreSql).</summary>
public static class AlterPostgreSqlExtensions
{
    /// <summary>
    /// Uses PostgreSQL as the store, so that every instance of the app (web servers, workers, the <c>alter</c> tool) shares
    /// one vault, one refresh per grant and one audit trail. The tables are created, or brought up to date, the first time
    /// a process opens the store (under an advisory lock: instances starting together migrate once).
    /// </summary>
    /// <param name="options">The app's options.</param>
    /// <param name="connectionString">
    /// An Npgsql connection string (<c>Host=db;Database=alter;Username=alter;Password=...</c>); null keeps
    /// <see cref="AlterOptions.ConnectionString"/> (configuration key <c>Alter:Store</c>), which must then be set.
    /// </param>
    /// <returns>The same options.</returns>
    /// <exception cref="AlterException">No connection string was given here nor configured.</exception>
    public static AlterOptions UsePostgreSql(this AlterOptions options, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (connectionString is not null) options.ConnectionString = connectionString;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new AlterException("UsePostgreSql needs a connection string: pass one, or set AlterOptions.ConnectionString (configuration key Alter:Store), for example Host=db;Database=alter;Username=alter.");
        options.SharedStore = cs => new PostgresDatabase(cs);
        return options;
    }
}
