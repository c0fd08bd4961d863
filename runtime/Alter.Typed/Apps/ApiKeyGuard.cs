using Alter.Typed.Vault;

namespace Alter.Typed.Apps;

/// <summary>
/// Keeps a running app honest about its API key: the key is checked when the app opens, and again on a call once
/// <see cref="AlterOptions.ApiKeyCheckInterval"/> has passed on the options' clock, so a revoked key (or an agent key
/// whose deprecation grace ended) stops the app's calls within that time. Between checks it costs one timestamp read per call.
/// </summary>
internal sealed class ApiKeyGuard
{
    private readonly AlterDatabase? _db;
    private readonly string? _apiKey;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private long _checkedAt;

    public ApiKeyGuard(AlterDatabase db, string apiKey, TimeProvider time, TimeSpan interval)
    {
        (_db, _apiKey, _time, _interval) = (db, apiKey, time, interval);
        (App, Agent) = AlterAdmin.AuthenticateAny(db, apiKey, time.GetUtcNow());
        Self = Agent?.Principal ?? Principal.ForApp(App.Id);
        Caller = Agent is null ? App.Name : Self.ToString();
        _checkedAt = time.GetTimestamp();
    }

    /// <summary>
    /// An administrator's handle on <paramref name="app"/> (the portal): no key to check, the audit rows' caller is
    /// <paramref name="caller"/>. Only code of this store's own packages opens one, after its own sign-in.
    /// </summary>
    public ApiKeyGuard(AppInfo app, string caller, TimeProvider time)
    {
        (App, Caller, _time, _interval) = (app, caller, time, TimeSpan.MaxValue);
        Self = Principal.ForApp(app.Id);
    }

    /// <summary>The options' clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>The app the key opened.</summary>
    public AppInfo App { get; }

    /// <summary>The agent an agent key opened the app as; null for the app's own key.</summary>
    public AgentInfo? Agent { get; }

    /// <summary>Whom the key acts as: the agent's principal, else the app's.</summary>
    public Principal Self { get; }

    /// <summary>The audit rows' caller: the app's name, or the agent (<c>agent agent_…</c>) for an agent key.</summary>
    public string Caller { get; }

    /// <summary>Re-reads the key when the last check is older than the interval.</summary>
    /// <exception cref="ApiKeyException">The key was revoked (or deleted) since, or its deprecation grace ended.</exception>
    public void Check() => Check(_time.GetTimestamp());

    /// <summary>As <see cref="Check()"/>, at <paramref name="now"/> (a timestamp of the options' clock the call already read).</summary>
    public void Check(long now)
    {
        if (_apiKey is null || _db is null) return;   // an administrator's handle: nothing to re-check
        if (_time.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < _interval) return;
        AlterAdmin.AuthenticateAny(_db, _apiKey, _time.GetUtcNow());
        Volatile.Write(ref _checkedAt, now);
    }
}
