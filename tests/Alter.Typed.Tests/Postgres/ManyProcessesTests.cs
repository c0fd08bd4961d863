using System.Collections.Concurrent;
using System.Diagnostics;
using Alter.Tests.Shared.Postgres;
using Xunit;
using Xunit.Abstractions;

namespace Alter.Typed.Tests.Postgres;

/// <summary>
/// Many processes, one vault on PostgreSQL (issue 15): load-tool workers (benchmarks/Alter.Load) share one grant whose
/// refresh token rotates, so a second refresh with the same token would revoke the chain; the refresh lease must make it one.
/// </summary>
public sealed class ManyProcessesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_processes_of_100_concurrent_calls_on_one_expired_grant_refresh_it_exactly_once()
    {
        await using var world = await SharedVaultWorld.StartAsync();
        world.Sandbox.State.ExpireAccessTokens("slack"); // every first call meets a dead token: 300 calls want a refresh
        var (tokensBefore, refreshesBefore) = (world.Sandbox.State.TokenRequests("slack"), world.Sandbox.State.RefreshRequests("slack"));
        var rowsBefore = await world.PostMessageRowsAsync();

        var children = Enumerable.Range(0, 3).Select(_ => world.StartWorker(calls: 100, concurrency: 100, seconds: 30, "--wait-for-go")).ToList();
        try
        {
            // Released together once every app is open, so the three processes race for the one refresh.
            foreach (var child in children) await child.WaitForLineAsync("READY", TimeSpan.FromSeconds(20));
            foreach (var child in children) await child.Process.StandardInput.WriteLineAsync("go");
            var summaries = await Task.WhenAll(children.Select(c => c.SummaryAsync(TimeSpan.FromSeconds(35))));

            foreach (var (ok, errors, messages) in summaries)
            {
                output.WriteLine($"worker: {ok} ok, errors {string.Join(", ", errors.Select(e => e.Key + " x" + e.Value))} {messages}");
                Assert.True(errors.Count == 0, $"failed calls: {string.Join(", ", errors.Select(e => e.Key + " x" + e.Value))}: {messages}");
                Assert.Equal(100, ok);
            }
            Assert.Equal(1, world.Sandbox.State.RefreshRequests("slack") - refreshesBefore);
            Assert.Equal(1, world.Sandbox.State.TokenRequests("slack") - tokensBefore);
            Assert.Equal(GrantStatus.Active, await world.GrantStatusAsync());
            Assert.Equal(rowsBefore + 300, await world.PostMessageRowsAsync());
        }
        finally
        {
            foreach (var child in children) child.Dispose();
        }
    }

    [Fact]
    public async Task A_process_killed_while_it_holds_the_refresh_lease_does_not_lose_the_grant_another_refreshes_after_the_lease()
    {
        await using var world = await SharedVaultWorld.StartAsync();
        world.Sandbox.State.ExpireAccessTokens("slack");
        var refreshesBefore = world.Sandbox.State.RefreshRequests("slack");

        // The child takes the lease and sends its refresh, which its own handler holds before it reaches the sandbox.
        var sinceLease = new Stopwatch();
        using (var holder = world.StartWorker(calls: 1, concurrency: 1, seconds: 120, "--hang-token-requests"))
        {
            await holder.WaitForLineAsync("REFRESHING", TimeSpan.FromSeconds(30));
            sinceLease.Start();
            holder.Process.Kill(); // SIGKILL: no finally block gives the lease back
            await holder.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            Assert.Equal(137, holder.Process.ExitCode);
        }
        Assert.Equal(refreshesBefore, world.Sandbox.State.RefreshRequests("slack")); // the held request never arrived

        await using var app = world.OpenApp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var sent = await app.Slack.WithGrant(world.GrantId).Chat.PostMessage(new() { Channel = "#general", Text = "after the kill" }, timeout.Token);

        Assert.True(sent.Ok);
        output.WriteLine($"the call returned {sinceLease.Elapsed} after the holder took the lease");
        // It waited for the dead holder's lease (30 s) to lapse instead of refreshing beside it, and not much longer.
        Assert.InRange(sinceLease.Elapsed, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(35));
        Assert.Equal(refreshesBefore + 1, world.Sandbox.State.RefreshRequests("slack"));
        Assert.Equal(GrantStatus.Active, await world.GrantStatusAsync());
    }
}

/// <summary>PostgreSQL restarted under load: calls fail with a typed error or succeed, none hangs, each success has its row.</summary>
[Collection(PostgresRestarts.Name)]
public sealed class PostgresRestartUnderLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Calls_during_a_restart_succeed_or_fail_with_an_AlterException_and_every_success_has_its_audit_row()
    {
        await using var world = await SharedVaultWorld.StartAsync();
        await using var app = world.OpenApp();
        var slack = app.Slack.WithGrant(world.GrantId);
        await slack.Chat.PostMessage(new() { Channel = "#general", Text = "warm" }); // token cached, pool open before the restart
        var rowsBefore = await world.PostMessageRowsAsync(status: 200);

        long ok = 0;
        var failures = new ConcurrentBag<Exception>();
        var hung = 0;
        using var stop = new CancellationTokenSource();
        async Task LoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var call = new CancellationTokenSource(CallTimeout);
                try
                {
                    await slack.Chat.PostMessage(new() { Channel = "#general", Text = "under restart" }, call.Token);
                    Interlocked.Increment(ref ok);
                }
                catch (OperationCanceledException) when (call.IsCancellationRequested) { Interlocked.Increment(ref hung); }
                catch (Exception e) { failures.Add(e); }
            }
        }

        var loops = Enumerable.Range(0, 16).Select(_ => Task.Run(LoopAsync)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var okBeforeRestart = Interlocked.Read(ref ok);
        await TestPostgres.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // calls go on against the restarted server
        stop.Cancel();
        await Task.WhenAll(loops).WaitAsync(CallTimeout + TimeSpan.FromSeconds(5));

        var raw = failures.Where(e => e is not AlterException).ToList();
        foreach (var group in failures.GroupBy(e => e.GetType().FullName))
            output.WriteLine($"{group.Key} x{group.Count()}: {group.First().Message}");
        foreach (var e in raw.GroupBy(e => e.GetType().FullName + (e.StackTrace ?? "")).Select(g => g.First()))
            output.WriteLine("raw exception, not wrapped:\n" + e);
        output.WriteLine($"{ok} ok ({okBeforeRestart} before the restart), {failures.Count} failed, {hung} hung");

        Assert.True(okBeforeRestart > 0, "no call succeeded before the restart: the load did not run");
        Assert.Equal(0, hung);
        Assert.True(raw.Count == 0, $"{raw.Count} calls failed with an exception that is not an AlterException: {string.Join(", ", raw.Select(e => e.GetType().Name).Distinct())}");
        Assert.True(failures.Count > 0 || ok > okBeforeRestart, "the restart neither failed a call nor let calls go on");
        // Durable audit: a call returns only once its row is committed, so every success is in the store.
        Assert.True(await world.PostMessageRowsAsync(status: 200) - rowsBefore >= ok, "a call that succeeded has no audit row");
        // After the restart the app works again.
        Assert.True((await slack.Chat.PostMessage(new() { Channel = "#general", Text = "after" })).Ok);
    }
}
