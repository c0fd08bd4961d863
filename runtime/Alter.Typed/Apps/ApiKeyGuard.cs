using Alter.Typed.Vault;

namespace Alter.Typed.Apps;

/// <summary>
/// Keeps a running app honest about its API key: the key is checked when the app opens, and again on a call once
/// <see cref="AlterOptions.ApiKeyCheckInterval"/> has passed on the options' clock, so a revoked key stops the app's
/// calls within that time. Between checks it costs one timestamp read per call.
/// </summary>
internal sealed class ApiKeyGuard
{
    private readonly AlterDatabase _db;
    private readonly string _apiKey;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private long _checkedAt;

    public ApiKeyGuard(AlterDatabase db, string apiKey, TimeProvider time, TimeSpan interval)
    {
        (_db, _apiKey, _time, _interval) = (db, apiKey, time, interval);
        App = AlterAdmin.Authenticate(db, apiKey);
        _checkedAt = time.GetTimestamp();
    }

    /// <summary>The options' clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>The app the key opened.</summary>
    public AppInfo App { get; }

    /// <summary>Re-reads the key when the last check is older than the interval.</summary>
    /// <exception cref="ApiKeyException">The key was revoked (or deleted) since.</exception>
    public void Check() => Check(_time.GetTimestamp());

    /// <summary>As <see cref="Check()"/>, at <paramref name="now"/> (a timestamp of the options' clock the call already read).</summary>
    public void Check(long now)
    {
        if (_time.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < _interval) return;
        AlterAdmin.Authenticate(_db, _apiKey);
        Volatile.Write(ref _checkedAt, now);
    }
}
