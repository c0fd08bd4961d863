using System.Text;

namespace Alter.Typed.Audit;

/// <summary>
/// Extends one app's tamper-evident chain by a batch of rows, whatever the store: checks the head read inside the write
/// transaction (<see cref="Begin"/>), gives each row its id, sequence number and
/// <c>mac = HMAC-SHA256(k_chain, previous mac ‖ canonical row)</c> (<see cref="Append"/>, the encoding
/// <see cref="AuditChainVerifier"/> checks), a signed checkpoint every <see cref="CheckpointEvery"/> rows, and the new
/// signed head (<see cref="End"/>). The SQLite writer does the same inline (<c>AuditLog.Chain.cs</c>), binding the bytes
/// it MACs straight into its statements; both share <see cref="AuditChainHead.EnsureExtendable"/>.
/// </summary>
internal sealed class AuditChainAppender(string appId, AuditChainKeys keys, Func<int> checkpointEvery)
{
    private readonly AuditRowEncoder _encoder = new();
    private readonly AuditRowEncoder _signer = new();
    private readonly byte[] _appIdUtf8 = Encoding.UTF8.GetBytes(appId);
    private readonly byte[] _prev = new byte[32];
    private AuditChainHead? _lastHead;
    private AuditChainHead _head = null!;
    private long _nextId, _seq;

    /// <summary>The app whose chain this extends.</summary>
    public string AppId => appId;

    /// <summary>Rows between signed checkpoints.</summary>
    public int CheckpointEvery => checkpointEvery();

    /// <summary>Whether the head was created by this transaction (the app's first chained rows): insert it, not update it.</summary>
    public bool IsNew { get; private set; }

    /// <summary>The checkpoints the current batch crossed, to write with its rows.</summary>
    public List<AuditCheckpoint> Checkpoints { get; } = [];

    /// <summary>Each row's MAC in the current batch, in order (for the log export).</summary>
    public List<byte[]> Macs { get; } = [];

    /// <summary>The id and sequence number of the batch's first row.</summary>
    public long FirstId { get; private set; }

    /// <inheritdoc cref="FirstId"/>
    public long FirstSeq { get; private set; }

    /// <summary>
    /// Starts a batch inside the write transaction. <paramref name="head"/>: the app's stored head, or null when it has
    /// none yet; <paramref name="lastId"/>: the largest audit id ever given in the store; <paramref name="legacy"/> reads
    /// the app's rows from before the chain (largest id, count, rows with a MAC), asked only when there is no head.
    /// </summary>
    public void Begin(AuditChainHead? head, long lastId, Func<(long MaxId, long Rows, long WithMac)> legacy)
    {
        Checkpoints.Clear();
        Macs.Clear();
        IsNew = head is null;
        if (head is null)
        {
            var (maxId, rows, withMac) = legacy();
            if (withMac != 0)
                throw new AlterException($"The audit chain of app {appId} has no head although its rows carry MACs: the audit store was edited (its chain head deleted). Rows are not written until this is resolved: run `alter audit verify` and restore the store from a backup.");
            head = AuditChainHead.Start(keys, appId, maxId, rows);
        }
        else AuditChainHead.EnsureExtendable(head, _lastHead, keys, _signer);
        _head = head;
        _nextId = FirstId = lastId + 1;
        _seq = head.HeadSeq;
        FirstSeq = head.HeadSeq + 1;
        head.HeadMac.CopyTo(_prev, 0);
    }

    /// <summary>
    /// Chains one row: returns its id, its sequence number and its MAC over exactly these values (the store must keep
    /// them as given: <paramref name="host"/> as passed, <paramref name="atMs"/> in Unix milliseconds).
    /// </summary>
    public (long Id, long Seq, byte[] Mac) Append(in AuditEntry r, string host, long atMs)
    {
        var id = _nextId++;
        var seq = ++_seq;
        var e = _encoder;
        e.Start(AuditLog.RowDomain, _prev);
        e.Text(_appIdUtf8);
        e.Int(id);
        e.Int(seq);
        e.Int(atMs);
        e.Text(r.Caller);
        e.Text(r.Principal);
        e.Text(r.Provider);
        e.Text(r.Operation);
        e.Text(r.GrantId);
        e.Text(r.Method);
        e.Text(host);
        e.Int(r.Status);
        e.Text(r.Outcome);
        e.Real(r.LatencyMs);
        e.Int(r.Refreshed ? 1 : 0);
        e.Text(r.DelegationId);
        e.Text(r.Tool);
        e.Text(r.ApprovalId);
        e.Mac(keys.Chain, _prev);
        var mac = _prev.ToArray();
        Macs.Add(mac);
        if (seq % CheckpointEvery == 0) Checkpoints.Add(AuditCheckpoint.Create(keys, appId, seq, id, mac, atMs, _signer));
        return (id, seq, mac);
    }

    /// <summary>The new signed head after the batch's rows, to write in the same transaction.</summary>
    public AuditChainHead End() => _head = (_head with { HeadId = _nextId - 1, HeadSeq = _seq, HeadMac = _prev.ToArray() }).Signed(keys, _signer);

    /// <summary>Records that the transaction committed: a head read back unchanged next time needs no signature check.</summary>
    public void Committed() => _lastHead = _head;
}
