using Alter.Typed.Audit;
using Xunit;

namespace Alter.Typed.Tests.AuditChain;

/// <summary>
/// The writer's side of the chain: two writers of one file never fork it, rows from before the chain are counted, a
/// forged head is not extended (fail closed), and retention by age keeps what is left verifiable.
/// </summary>
public sealed class AuditChainWriterTests : IDisposable
{
    private readonly AuditChainStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Two_durable_writers_of_one_file_interleave_without_forking_the_chain()
    {
        // Two logs of the same app (as two processes would have), plus a second app writing in between: each commit reads
        // the app's head under SQLite's write lock, so the sequence stays one line and ids never collide.
        var other = _store.Admin.CreateApp("other").Id;
        await using var first = _store.OpenLog(checkpointEvery: 50, mode: AuditMode.Durable);
        await using var second = _store.OpenLog(checkpointEvery: 50, mode: AuditMode.Durable);
        await using var third = _store.OpenLog(other, checkpointEvery: 50, mode: AuditMode.Durable);
        var at = DateTimeOffset.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var log = w switch { 0 => first, 1 => second, _ => third };
            for (var i = 0; i < 200; i++)
                await log.WriteAsync(new AuditEntry(at.AddMilliseconds(i), $"writer {w}", null, "slack", "chat.postMessage", "grant_1", "POST", null, "slack.com", 200, "ok", i, false));
        })));

        var app = _store.Verify();
        var otherApp = _store.Verify(other);
        Assert.True(app.Intact, app.Break?.Message);
        Assert.True(otherApp.Intact, otherApp.Break?.Message);
        Assert.Equal((400, 8), (app.RowsVerified, app.Checkpoints));
        Assert.Equal((200, 4), (otherApp.RowsVerified, otherApp.Checkpoints));
        Assert.True(first.Transactions > 1 && second.Transactions > 1, "the writers did not interleave");
        Assert.Equal(400, _store.Scalar("SELECT COUNT(DISTINCT seq) FROM audit WHERE app_id = $app", ("$app", _store.AppId)));
    }

    [Fact]
    public async Task Rows_from_before_the_chain_are_counted_and_the_chain_starts_after_them()
    {
        // Rows an older release wrote (no seq, no MAC), then the first chained rows.
        for (var i = 0; i < 5; i++)
        {
            _store.Execute("""
                INSERT INTO audit (at, app_id, caller, provider, operation, method, host, status, outcome, latency_ms, refreshed)
                VALUES ($at, $app, 'old', 'slack', 'chat.postMessage', 'POST', 'slack.com', 200, 'ok', 1, 0)
                """, ("$at", DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds()), ("$app", _store.AppId));
        }
        await _store.WriteRowsAsync(20);

        var clean = _store.Verify();
        _store.Execute("DELETE FROM audit WHERE id = (SELECT MIN(id) FROM audit)");
        var legacyDeleted = _store.Verify();

        Assert.True(clean.Intact, clean.Break?.Message);
        Assert.Equal((20, 5), (clean.RowsVerified, clean.LegacyRows));
        Assert.Equal(AuditBreakKind.LegacyRowsChanged, legacyDeleted.Break!.Kind);
    }

    [Fact]
    public async Task A_writer_refuses_to_extend_a_forged_head_so_a_truncation_cannot_be_laundered()
    {
        await _store.WriteRowsAsync(30);
        var ids = _store.Ids();
        // Truncate the newest rows and point the head at the new last row: without the key the signature cannot follow.
        _store.Execute("DELETE FROM audit WHERE id > $id; UPDATE audit_chain SET head_id = $id, head_seq = 25, head_mac = (SELECT mac FROM audit WHERE id = $id);", ("$id", ids[24]));

        await using var log = _store.OpenLog(mode: AuditMode.Durable);
        var error = await Assert.ThrowsAsync<AuditWriteException>(async () =>
            await log.WriteAsync(new AuditEntry(DateTimeOffset.UtcNow, "c", null, "slack", "chat.postMessage", null, "POST", null, "slack.com", 200, "ok", 1, false)));

        Assert.Contains("fails its signature", error.Message, StringComparison.Ordinal);
        Assert.Equal(AuditBreakKind.HeadForged, _store.Verify().Break!.Kind);
        Assert.Equal(25, _store.Ids().Count);
    }

    [Fact]
    public async Task A_writer_that_sees_its_chain_head_go_back_refuses_to_write_a_rolled_back_store()
    {
        // A saved copy of an older, validly signed head put back after deleting the rows written since: the writer that
        // wrote them knows its own last head and refuses. (A verifier without that memory needs an outside witness: the
        // head printed by `alter audit verify` or the exported log records.)
        await using var log = _store.OpenLog(mode: AuditMode.Durable);
        await log.WriteAsync(Entry());
        var saved = _store.RawValue("SELECT head_seq FROM audit_chain WHERE head_id = $id", _store.Ids()[^1]);
        _store.Execute("CREATE TABLE saved AS SELECT * FROM audit_chain");
        await log.WriteAsync(Entry());
        await log.WriteAsync(Entry());

        _store.Execute("DELETE FROM audit WHERE seq > $seq; DELETE FROM audit_chain; INSERT INTO audit_chain SELECT * FROM saved;", ("$seq", saved));
        var error = await Assert.ThrowsAsync<AuditWriteException>(async () => await log.WriteAsync(Entry()));

        Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
    }

    private static AuditEntry Entry() => new(DateTimeOffset.UtcNow, "c", null, "slack", "chat.postMessage", null, "POST", null, "slack.com", 200, "ok", 1, false);

    [Fact]
    public async Task Pruning_by_age_keeps_the_chain_verifiable_and_a_later_deletion_after_the_anchor_still_fails()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-10);
        await using (var log = _store.OpenLog(checkpointEvery: 25))
        {
            AuditChainStore.WriteRows(log, 120, old);
            AuditChainStore.WriteRows(log, 80, DateTimeOffset.UtcNow, from: 120);
        }
        var ids = _store.Ids();

        var pruned = _store.Admin.PruneAudit(_store.AppId, TimeSpan.FromDays(5));
        var afterPrune = _store.Verify();

        Assert.Equal(120, pruned.RowsDeleted);
        Assert.Equal(ids[119], pruned.AnchorId);
        Assert.True(afterPrune.Intact, afterPrune.Break?.Message);
        Assert.Equal((80, ids[119], 4), (afterPrune.RowsVerified, afterPrune.AnchorId, afterPrune.Checkpoints)); // 125, 150, 175, 200 kept; 25 to 100 pruned
        Assert.Equal(ids[120], _store.Ids()[0]);

        // The first row after the anchor deleted by hand: the anchor's MAC no longer leads to the next row.
        _store.Execute("DELETE FROM audit WHERE id = $id", ("$id", ids[120]));
        var deleted = _store.Verify();
        Assert.Equal((AuditBreakKind.Missing, ids[121]), (deleted.Break!.Kind, deleted.Break.RowId));

        // And a broken chain is not pruned: that would delete the evidence.
        var refused = Assert.Throws<AlterException>(() => _store.Admin.PruneAudit(_store.AppId, TimeSpan.FromDays(1)));
        Assert.Contains("nothing was pruned", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_goes_on_after_a_prune_and_the_anchor_cannot_be_moved_by_hand()
    {
        await using (var log = _store.OpenLog(checkpointEvery: 10))
            AuditChainStore.WriteRows(log, 30, DateTimeOffset.UtcNow.AddDays(-3));
        _store.Admin.PruneAudit(_store.AppId, TimeSpan.FromDays(1));
        await _store.WriteRowsAsync(15, checkpointEvery: 10);

        var clean = _store.Verify();
        _store.Execute("UPDATE audit_chain SET anchor_seq = anchor_seq + 1");
        var moved = _store.Verify();

        Assert.True(clean.Intact, clean.Break?.Message);
        Assert.Equal(15, clean.RowsVerified);
        Assert.Equal(AuditBreakKind.HeadForged, moved.Break!.Kind);
    }

    [Fact]
    public void An_app_that_never_wrote_verifies_empty()
    {
        var result = _store.Verify();

        Assert.True(result.Intact);
        Assert.Equal((0, 0, (long?)null), (result.RowsVerified, result.LegacyRows, result.HeadId));
    }
}
