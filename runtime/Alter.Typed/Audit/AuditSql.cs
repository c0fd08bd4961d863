using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Alter.Typed.Audit;

/// <summary>Small helpers over SQLite's C API (SQLitePCL) shared by the audit writer, verifier and retention.</summary>
internal static class AuditSql
{
    /// <summary>Throws <see cref="SqliteException"/> unless <paramref name="rc"/> is SQLITE_OK.</summary>
    public static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Steps a statement: true for a row, false when done; throws on an error.</summary>
    public static bool Step(sqlite3_stmt statement, sqlite3 db)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
        return false;
    }

    /// <summary>Resets a statement and clears its bindings, for its next use.</summary>
    public static void Reset(sqlite3_stmt statement, sqlite3 db)
    {
        Check(raw.sqlite3_reset(statement), db);
        Check(raw.sqlite3_clear_bindings(statement), db);
    }

    /// <summary>Prepares a statement.</summary>
    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        return statement;
    }
}
