namespace Alter.Typed;

/// <summary>
/// The hosts a provider's token may be sent to. A plain host entry allows that host over https only;
/// a <c>host:port</c> entry allows exactly that authority (what a loopback sandbox needs).
/// </summary>
internal sealed class HostPolicy(IReadOnlyList<string> entries)
{
    private readonly string[] _entries = [.. entries.Select(e => e.Trim().ToLowerInvariant())];

    public IReadOnlyList<string> Entries => _entries;

    public bool Allows(Uri uri)
    {
        if (!uri.IsAbsoluteUri) return false;
        var host = uri.IdnHost.ToLowerInvariant();
        var authority = uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
        foreach (var entry in _entries)
        {
            if (entry.Contains(':'))
            {
                if (authority == entry && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback)) return true;
            }
            else if (uri.Scheme == Uri.UriSchemeHttps && (host == entry || (entry.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(entry[1..], StringComparison.Ordinal))))
            {
                return true;
            }
        }
        return false;
    }
}
