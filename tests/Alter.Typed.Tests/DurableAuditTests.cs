using System.Diagnostics;
using Alter.Typed.Audit;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Durable audit (the default mode): a call returns only after its row is committed, so a process killed right after a
/// call returned has the row; a store that cannot take the row fails the call; concurrent calls share transactions.
/// </summary>
public sealed class DurableAuditTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int CallsBeforeKill = 25;

    [Fact]
    public async Task A_process_killed_right_after_N_calls_returned_has_all_N_rows_in_the_store()
    {
        await using var world = await TestWorld.StartAsync();
        var grantId = await ConnectSlackAsync(world);

        var rows = await CallsInAChildThenKillAsync(world, grantId, "durable");

        Assert.True(rows >= CallsBeforeKill, $"the store has {rows} chat.postMessage rows after the child reported {CallsBeforeKill} calls returned");
        // Two processes wrote this app's chain (this one the connect row, the child its calls), and the child was killed
        // mid-write: every committed transaction left the chain whole, and this process goes on from the child's head.
        await using (var app = world.OpenApp())
            await app.Slack.WithGrant(grantId).Chat.PostMessage(new() { Channel = "#general", Text = "after the kill" });
        var verification = AlterAdmin.Open(world.Options).VerifyAudit("tests");
        Assert.True(verification.Intact, verification.Break?.Message);
        Assert.True(verification.RowsVerified >= rows + 2);
    }

    [Fact]
    public async Task The_same_kill_in_buffered_mode_loses_the_rows_which_is_what_the_durable_test_would_catch()
    {
        // The control: with rows queued for an hour-long tick, SIGKILL loses every one. If this ever finds rows, the
        // kill test above no longer proves anything (the child would be flushing some other way).
        await using var world = await TestWorld.StartAsync();
        var grantId = await ConnectSlackAsync(world);

        var rows = await CallsInAChildThenKillAsync(world, grantId, "buffered");

        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task A_locked_audit_store_fails_the_call_with_AuditWriteException_and_logs_why()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        Assert.Equal(AuditMode.Durable, app.AuditLog.Mode);
        var grantId = (await app.Connect(["slack"]))[0].GrantId;
        await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "before the lock" });
        app.AuditLog.BusyTimeout = TimeSpan.FromMilliseconds(200);

        // Another connection holds SQLite's write lock past the audit writer's busy timeout.
        using (var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={world.DatabasePath};Pooling=False"))
        {
            blocker.Open();
            using (var begin = blocker.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE;"; begin.ExecuteNonQuery(); }
            var sentBefore = world.Sandbox.State.ApiRequests.Count;

            var waited = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<AuditWriteException>(() => app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "while locked" }));
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the call failed after {waited.Elapsed}: the audit writer's busy timeout was not the one set");

            Assert.Contains("call happened", error.Message, StringComparison.Ordinal);
            Assert.Contains("not audited", error.Message, StringComparison.Ordinal);
            Assert.Contains("database is locked", error.Message, StringComparison.Ordinal);
            Assert.Equal(sentBefore + 1, world.Sandbox.State.ApiRequests.Count); // the provider did get the call
            var logged = Assert.Single(world.Logs.GetSnapshot(), l => l.Id.Id == 901);
            Assert.Equal(LogLevel.Error, logged.Level);
            Assert.Equal(5, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(logged.Exception).SqliteErrorCode); // SQLITE_BUSY
            var said = error.ToString() + string.Join('|', world.Logs.GetSnapshot().Select(l => l.Message + l.Exception));
            foreach (var secret in world.SecretsSeen()) Assert.DoesNotContain(secret, said);
            using (var rollback = blocker.CreateCommand()) { rollback.CommandText = "ROLLBACK;"; rollback.ExecuteNonQuery(); }
        }

        // Once the lock is gone, calls are audited again; the failed call's row was dropped, as its error said.
        await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "after the lock" });
        var texts = (await app.Audit(new AuditQuery { GrantId = grantId })).Where(r => r.Operation == "chat.postMessage").ToList();
        Assert.Equal(2, texts.Count);
    }

    [Fact]
    public async Task A_refused_call_is_audited_before_its_error_reaches_the_caller()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = (await app.Connect(["slack"]))[0].GrantId;

        await Assert.ThrowsAsync<HostNotAllowedException>(() => app.Request(HttpMethod.Post, "https://attacker.example.com/api/chat.postMessage", grantId, json: new { text = "hi" }));

        // Read with a connection of the test's own, not app.Audit (which writes queued rows first): the row is committed.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={world.DatabasePath};Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT outcome, host FROM audit WHERE grant_id = $grant AND outcome LIKE 'denied:%'";
        read.Parameters.AddWithValue("$grant", grantId);
        using var row = read.ExecuteReader();
        Assert.True(row.Read(), "the refused call's row was not committed when its error reached the caller");
        Assert.Equal(("denied:host_not_allowed", "attacker.example.com"), (row.GetString(0), row.GetString(1)));
    }

    [Fact]
    public async Task Sixty_four_concurrent_calls_are_committed_in_far_fewer_than_64_transactions()
    {
        const int Calls = 64;
        await using var world = await TestWorld.StartAsync();
        string grantId;
        await using (var connecting = world.OpenApp()) grantId = (await connecting.Connect(["slack"]))[0].GrantId;

        // The answers are held until all 64 requests reached the provider, so the calls finish together, as concurrent
        // calls do under load; the writer then takes whatever has queued at each wake.
        var gate = new GateHandler(Calls) { InnerHandler = new SocketsHttpHandler() };
        world.Options.PrimaryHandler = gate;
        await using var app = world.OpenApp();
        var slack = app.Slack.WithGrant(grantId);
        var before = app.AuditLog.Transactions;

        await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => Task.Run(() => slack.Chat.PostMessage(new() { Channel = "#general", Text = $"call {i}" }))));

        var transactions = app.AuditLog.Transactions - before;
        var rows = (await app.Audit(new AuditQuery { GrantId = grantId, Limit = 1000 })).Count(r => r.Operation == "chat.postMessage");
        Assert.Equal(Calls, rows);
        output.WriteLine($"{Calls} concurrent calls took {transactions} transactions");
        Assert.True(transactions <= Calls / 4, $"{Calls} concurrent calls took {transactions} transactions");
    }

    private static async Task<string> ConnectSlackAsync(TestWorld world)
    {
        await using var app = world.OpenApp();
        return (await app.Connect(["slack"]))[0].GrantId;
    }

    /// <summary>
    /// Runs the child app against the world's store and sandbox, kills it (SIGKILL) as soon as it reports
    /// <see cref="CallsBeforeKill"/> calls returned, and counts the chat.postMessage rows the store then holds.
    /// </summary>
    private static async Task<int> CallsInAChildThenKillAsync(TestWorld world, string grantId, string mode)
    {
        var slack = world.Sandbox.Provider("slack");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ChildPath(), world.DatabasePath, world.ApiKey, grantId, slack.ApiBaseUrl, slack.Authority, mode })
            start.ArgumentList.Add(arg);
        start.Environment["ALTER_VAULT_KEY"] = Convert.ToBase64String(world.Options.VaultKey!);

        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            while ((line = await child.StandardOutput.ReadLineAsync(timeout.Token)) != "returned " + CallsBeforeKill)
            {
                if (line is null) Assert.Fail($"the child exited before {CallsBeforeKill} calls: {await stderr}");
            }
            child.Kill(); // SIGKILL: no dispose, no flush, no finally blocks
        }
        finally
        {
            if (!child.HasExited) child.Kill();
            await child.WaitForExitAsync();
        }
        Assert.Equal(137, child.ExitCode); // 128 + SIGKILL: killed, not exited on its own

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var app = world.OpenApp();
        return (await app.Audit(new AuditQuery { GrantId = grantId, Limit = 100_000 })).Count(r => r.Operation == "chat.postMessage");
    }

    /// <summary>The child's build output, beside this test project's: same configuration and framework.</summary>
    private static string ChildPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // tests/Alter.Typed.Tests/bin/<config>/<tfm>
        var tests = output.Parent!.Parent!.Parent!.Parent!;
        var path = Path.Combine(tests.FullName, "Alter.Typed.AuditChild", "bin", output.Parent.Name, output.Name, "Alter.Typed.AuditChild.dll");
        Assert.True(File.Exists(path), $"build tests/Alter.Typed.AuditChild first: {path} is missing");
        return path;
    }

    /// <summary>Holds every answer until <c>count</c> requests have been answered by the provider, then releases them together.</summary>
    private sealed class GateHandler(int count) : DelegatingHandler
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _arrived) == count) _open.TrySetResult();
            await _open.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return response;
        }
    }
}
