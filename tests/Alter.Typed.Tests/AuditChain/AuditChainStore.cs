using System.Security.Cryptography;
using Alter.Typed.Audit;
using Alter.Typed.Vault;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alter.Typed.Tests.AuditChain;

/// <summary>
/// A real store file of its own (temp folder, one app, a random vault key) for the audit chain tests: rows are written
/// by the real <see cref="AuditLog"/>, checked through <see cref="AlterAdmin.VerifyAudit"/>, and attacked with raw SQL
/// on a connection of their own, as someone with write access to the file (and not the vault key) would.
/// </summary>
internal sealed class AuditChainStore : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-chain-" + Guid.NewGuid().ToString("N"));

    public AuditChainStore(string appName = "chain-tests")
    {
        Options = new AlterOptions { DatabasePath = Path.Combine(_directory, "alter.db"), VaultKey = VaultKey };
        Admin = AlterAdmin.Open(Options);
        AppId = Admin.CreateApp(appName).Id;
        Db = new SqliteDatabase(Options.DatabasePath);
    }

    public byte[] VaultKey { get; } = RandomNumberGenerator.GetBytes(32);

    public AlterOptions Options { get; }

    public AlterAdmin Admin { get; }

    public SqliteDatabase Db { get; }

    public string AppId { get; }

    public AuditChainKeys Keys => AuditChainKeys.From(VaultKey);

    /// <summary>A writer for <paramref name="appId"/> (this store's app by default), checkpoints every <paramref name="checkpointEvery"/> rows.</summary>
    public AuditLog OpenLog(string? appId = null, int checkpointEvery = 100, AuditMode mode = AuditMode.Buffered, ILogger? export = null)
        => new(Db, appId ?? AppId, Keys, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance, mode: mode, export: export) { CheckpointEvery = checkpointEvery };

    /// <summary>Writes <paramref name="count"/> varied rows starting at <paramref name="at"/> (one millisecond apart) and flushes them.</summary>
    public async Task WriteRowsAsync(int count, DateTimeOffset? at = null, string? appId = null, int checkpointEvery = 100)
    {
        await using var log = OpenLog(appId, checkpointEvery);
        WriteRows(log, count, at);
        await log.FlushAsync();
    }

    public static void WriteRows(AuditLog log, int count, DateTimeOffset? at = null, int from = 0)
    {
        var start = at ?? DateTimeOffset.UtcNow;
        for (var i = from; i < from + count; i++)
        {
            log.Write(new AuditEntry(start.AddMilliseconds(i), i % 4 == 0 ? "agent agent_1" : "chain-tests", i % 2 == 0 ? null : $"user:{i}@example.com ☃", "slack",
                $"op.{i % 7}", i % 5 == 0 ? null : $"grant_{i % 3}", "POST", null, i % 3 == 0 ? "" : "slack.com", 200 + (i % 3), i % 9 == 0 ? "provider_error:x" : "ok",
                i / 8.0, i % 2 == 0, DelegationId: i % 6 == 0 ? "dlg_1" : null, Tool: i % 10 == 0 ? "slack_post" : null, ApprovalId: i % 11 == 0 ? "apr_1" : null));
        }
    }

    public AuditVerification Verify(string? appId = null) => Admin.VerifyAudit(appId ?? AppId);

    /// <summary>Runs SQL on a connection of its own (no pool), as an attacker editing the file would.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Raw();
        using var command = connection.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public long Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Raw();
        using var command = connection.Command(sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public object RawValue(string sql, long id)
    {
        using var connection = Raw();
        using var command = connection.Command(sql, ("$id", id));
        return command.ExecuteScalar()!;
    }

    /// <summary>The app's row ids, in order.</summary>
    public List<long> Ids(string? appId = null)
    {
        using var connection = Raw();
        using var command = connection.Command("SELECT id FROM audit WHERE app_id = $app ORDER BY id", ("$app", appId ?? AppId));
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    public SqliteConnection Raw()
    {
        var connection = new SqliteConnection($"Data Source={Options.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
