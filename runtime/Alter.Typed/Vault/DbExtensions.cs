using System.Data.Common;

namespace Alter.Typed.Vault;

internal static class DbExtensions
{
    /// <summary>
    /// A command with <c>@name</c> parameters, the same on both stores. Booleans are stored as 0/1 (SQLite has no
    /// boolean; the PostgreSQL schema keeps those columns integers so both stores hold the same values).
    /// </summary>
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value switch { null => DBNull.Value, bool b => b ? 1L : 0L, int i => (long)i, _ => value };
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A command inside <paramref name="transaction"/>.</summary>
    public static DbCommand Command(this DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = transaction.Connection!.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>An integer column as an int (SQLite returns 64-bit integers; PostgreSQL's bigint columns too).</summary>
    public static int GetInt(this DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));
}
