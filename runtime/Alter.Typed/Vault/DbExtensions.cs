using System.Data;
using System.Data.Common;

namespace Alter.Typed.Vault;

internal static class DbExtensions
{
    /// <summary>
    /// A command with <c>@name</c> parameters, the same on both stores. Booleans are stored as 0/1 (SQLite has no
    /// boolean; the PostgreSQL schema keeps those columns integers so both stores hold the same values). A null is a
    /// text null (PostgreSQL must know a parameter's type where the statement does not tell it, as in
    /// <c>@provider IS NULL OR provider = @provider</c>); a null of another type is passed as <see cref="Int64OrNull"/> or
    /// <see cref="BytesOrNull"/>.
    /// </summary>
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            switch (value)
            {
                case null:
                    parameter.Value = DBNull.Value;
                    parameter.DbType = DbType.String;
                    break;
                case TypedNull typed:
                    parameter.Value = DBNull.Value;
                    parameter.DbType = typed.Type;
                    break;
                default:
                    parameter.Value = value switch { bool b => b ? 1L : 0L, int i => (long)i, _ => value };
                    break;
            }
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

    /// <summary>An integer parameter's value, or an integer-typed null.</summary>
    public static object Int64OrNull(long? value) => value is { } v ? v : new TypedNull(DbType.Int64);

    /// <summary>A binary parameter's value, or a binary-typed null.</summary>
    public static object BytesOrNull(byte[]? value) => value ?? (object)new TypedNull(DbType.Binary);

    /// <summary>A null of a known type (see the <c>Command</c> methods).</summary>
    private sealed record TypedNull(DbType Type);

    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>An integer column as an int (SQLite returns 64-bit integers; PostgreSQL's bigint columns too).</summary>
    public static int GetInt(this DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));
}
