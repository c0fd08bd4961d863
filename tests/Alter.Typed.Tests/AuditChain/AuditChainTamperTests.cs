using System.Security.Cryptography;
using Alter.Typed.Audit;
using Alter.Typed.Vault;
using Xunit;

namespace Alter.Typed.Tests.AuditChain;

/// <summary>
/// The acceptance of the tamper-evident audit, written as an attacker with write access to the SQLite file but not the
/// vault key: each edit, deletion, reordering, truncation or forgery makes verification fail and name the row.
/// </summary>
public sealed class AuditChainTamperTests : IDisposable
{
    private const int Rows = 250;
    private readonly AuditChainStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_clean_log_verifies_every_row_and_checkpoint()
    {
        await _store.WriteRowsAsync(Rows);

        var result = _store.Verify();

        Assert.True(result.Intact, result.Break?.Message);
        Assert.Equal(Rows, result.RowsVerified);
        Assert.Equal(Rows / 100, result.Checkpoints);
        Assert.Equal(_store.Ids()[^1], result.HeadId);
        Assert.Equal(Rows / 100, _store.Scalar("SELECT COUNT(*) FROM audit_checkpoints"));
    }

    [Theory]
    [InlineData("caller = 'someone else'")]
    [InlineData("principal = 'user:mallory'")]
    [InlineData("provider = 'github'")]
    [InlineData("operation = 'chat.delete'")]
    [InlineData("grant_id = 'grant_9'")]
    [InlineData("method = 'GET'")]
    [InlineData("host = 'evil.example'")]
    [InlineData("status = 500")]
    [InlineData("outcome = 'denied:policy:x'")]
    [InlineData("latency_ms = latency_ms + 0.001")]
    [InlineData("refreshed = 1 - refreshed")]
    [InlineData("delegation_id = 'dlg_2'")]
    [InlineData("tool = 'other'")]
    [InlineData("approval_id = 'apr_2'")]
    [InlineData("at = at + 1")]
    [InlineData("mac = randomblob(32)")]
    public async Task Editing_one_column_of_one_row_fails_and_names_that_row(string edit)
    {
        await _store.WriteRowsAsync(Rows);
        var target = _store.Ids()[137];

        Assert.Equal(1, _store.Execute($"UPDATE audit SET {edit} WHERE id = $id", ("$id", target)));
        var result = _store.Verify();

        Assert.False(result.Intact);
        Assert.Equal((AuditBreakKind.Edited, target), (result.Break!.Kind, result.Break.RowId));
        Assert.Contains($"Row id {target}", result.Break.Message, StringComparison.Ordinal);
        Assert.Equal(137, result.RowsVerified);
    }

    [Fact]
    public async Task Deleting_a_middle_row_fails_and_names_the_gap()
    {
        await _store.WriteRowsAsync(Rows);
        var ids = _store.Ids();

        _store.Execute("DELETE FROM audit WHERE id = $id", ("$id", ids[60]));
        var result = _store.Verify();

        Assert.Equal((AuditBreakKind.Missing, ids[61]), (result.Break!.Kind, result.Break.RowId));
        Assert.Contains($"between row id {ids[59]} and row id {ids[61]}", result.Break.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapping_two_rows_contents_fails_as_a_reordering_and_names_the_row()
    {
        await _store.WriteRowsAsync(Rows);
        var ids = _store.Ids();
        var (a, b) = (ids[40], ids[90]);
        const string Columns = "at, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id, seq, mac";

        // Every column but the id: the rows trade places in id order, MACs and sequence numbers included.
        _store.Execute($"""
            CREATE TEMP TABLE swap AS SELECT id, {Columns} FROM audit WHERE id IN ($a, $b);
            UPDATE audit SET ({Columns}) = (SELECT {Columns} FROM swap WHERE swap.id = $b) WHERE id = $a;
            UPDATE audit SET ({Columns}) = (SELECT {Columns} FROM swap WHERE swap.id = $a) WHERE id = $b;
            """, ("$a", a), ("$b", b));
        var result = _store.Verify();

        Assert.Equal((AuditBreakKind.OutOfOrder, a), (result.Break!.Kind, result.Break.RowId));
        Assert.Contains($"is at id {b}", result.Break.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_rows_id_fails()
    {
        await _store.WriteRowsAsync(Rows);
        var ids = _store.Ids();

        _store.Execute("UPDATE audit SET id = $to WHERE id = $id", ("$id", ids[100]), ("$to", ids[^1] + 1000));

        Assert.False(_store.Verify().Intact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Deleting_the_newest_rows_fails_as_a_truncation_naming_the_head(int newest)
    {
        await _store.WriteRowsAsync(Rows);
        var ids = _store.Ids();

        _store.Execute("DELETE FROM audit WHERE id > $id", ("$id", ids[^(newest + 1)]));
        var result = _store.Verify();

        Assert.Equal((AuditBreakKind.Truncated, ids[^1]), (result.Break!.Kind, result.Break.RowId));
        Assert.Contains($"after row id {ids[^(newest + 1)]}", result.Break.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_every_row_but_keeping_the_head_fails()
    {
        await _store.WriteRowsAsync(Rows);

        _store.Execute("DELETE FROM audit");

        Assert.Equal(AuditBreakKind.Truncated, _store.Verify().Break!.Kind);
    }

    [Fact]
    public async Task Deleting_the_head_with_the_newest_rows_fails_because_the_rows_carry_MACs()
    {
        await _store.WriteRowsAsync(Rows);

        _store.Execute("DELETE FROM audit WHERE id > (SELECT MAX(id) - 5 FROM audit); DELETE FROM audit_chain;");

        Assert.Equal(AuditBreakKind.HeadForged, _store.Verify().Break!.Kind);
    }

    [Fact]
    public async Task Rewriting_a_row_and_recomputing_a_plain_SHA256_chain_fails_because_the_chain_is_keyed()
    {
        await _store.WriteRowsAsync(Rows);
        var ids = _store.Ids();
        var target = ids[200];
        _store.Execute("UPDATE audit SET outcome = 'ok', status = 200 WHERE id = $id", ("$id", target));

        // The attacker knows the format (it is public) but not the key: recompute every MAC from the edited row on with
        // SHA-256 instead of the keyed HMAC, and the head to match.
        var previous = (byte[])_store.RawValue("SELECT mac FROM audit WHERE id = $id", ids[199]);
        foreach (var id in ids.Skip(200))
        {
            previous = SHA256.HashData([.. previous, .. RowBytes(id)]);
            _store.Execute("UPDATE audit SET mac = $mac WHERE id = $id", ("$mac", previous), ("$id", id));
        }
        var withoutHead = _store.Verify();
        _store.Execute("UPDATE audit_chain SET head_mac = $mac", ("$mac", previous));
        var withHead = _store.Verify();

        Assert.Equal((AuditBreakKind.Edited, target), (withoutHead.Break!.Kind, withoutHead.Break.RowId));
        Assert.Equal(AuditBreakKind.HeadForged, withHead.Break!.Kind); // the head's signature is keyed too
    }

    [Fact]
    public async Task A_forged_or_edited_checkpoint_fails()
    {
        await _store.WriteRowsAsync(Rows);
        var ids = _store.Ids();

        _store.Execute("UPDATE audit_checkpoints SET row_id = $id WHERE seq = 100", ("$id", ids[98]));
        var edited = _store.Verify();
        _store.Execute("UPDATE audit_checkpoints SET row_id = $id WHERE seq = 100", ("$id", ids[99]));
        var restored = _store.Verify();
        _store.Execute("INSERT INTO audit_checkpoints (app_id, seq, row_id, mac, at, signature) SELECT app_id, 150, id, mac, at, randomblob(32) FROM audit WHERE id = $id", ("$id", ids[149]));
        var forged = _store.Verify();

        Assert.Equal((AuditBreakKind.CheckpointForged, ids[98]), (edited.Break!.Kind, edited.Break.RowId));
        Assert.True(restored.Intact, restored.Break?.Message);
        Assert.Equal((AuditBreakKind.CheckpointForged, ids[149]), (forged.Break!.Kind, forged.Break.RowId));
    }

    [Fact]
    public async Task A_row_inserted_by_hand_fails_and_is_named()
    {
        await _store.WriteRowsAsync(Rows);

        _store.Execute("""
            INSERT INTO audit (at, app_id, caller, provider, operation, method, host, status, outcome, latency_ms, refreshed)
            VALUES (0, $app, 'x', 'slack', 'chat.postMessage', 'POST', 'slack.com', 200, 'ok', 1, 0)
            """, ("$app", _store.AppId));
        var inserted = _store.Ids()[^1];
        var result = _store.Verify();

        Assert.Equal((AuditBreakKind.Inserted, inserted), (result.Break!.Kind, result.Break.RowId));
    }

    [Fact]
    public async Task Another_vault_key_is_told_apart_from_tampering()
    {
        await _store.WriteRowsAsync(10);

        var other = AlterAdmin.Open(new AlterOptions { DatabasePath = _store.Options.DatabasePath, VaultKey = RandomNumberGenerator.GetBytes(32) });

        Assert.Equal(AuditBreakKind.WrongKey, other.VerifyAudit(_store.AppId).Break!.Kind);
    }

    /// <summary>The canonical bytes of a row as the (public) format lays them out, without the previous MAC.</summary>
    private byte[] RowBytes(long id)
    {
        using var connection = _store.Raw();
        using var command = connection.Command("SELECT app_id, id, seq, at, caller, principal, provider, operation, grant_id, method, host, status, outcome, latency_ms, refreshed, delegation_id, tool, approval_id FROM audit WHERE id = $id", ("$id", id));
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var encoder = new AuditRowEncoder();
        encoder.Start(AuditLog.RowDomain, []);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            switch (reader.GetValue(i))
            {
                case DBNull: encoder.Null(); break;
                case long l: encoder.Int(l); break;
                case double d: encoder.Real(d); break;
                case string s: encoder.Text(s); break;
            }
        }
        return encoder.Encoded.ToArray();
    }
}
