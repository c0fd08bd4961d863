namespace Alter.Typed;

/// <summary>
/// The hosts a provider's token may be sent to. A plain host entry allows that host over https on port 443 only
/// (<c>https://slack.com:8443/</c> is another service, perhaps someone else's);
/// a <c>host:port</c> entry allows exactly that authority (what a loopback sandbox needs);
/// a <c>*.example.com</c> entry allows its subdomains over https on port 443. On every call's path: it allocates nothing.
/// </summary>
internal sealed class HostPolicy
{
    private readonly (string Host, int? Port, bool Wildcard)[] _rules;

    public HostPolicy(IReadOnlyList<string> entries)
    {
        Entries = [.. entries.Select(e => e.Trim().ToLowerInvariant())];
        _rules = [.. Entries.Select(Parse)];
    }

    public IReadOnlyList<string> Entries { get; }

    public bool Allows(Uri uri)
    {
        if (!uri.IsAbsoluteUri) return false;
        var host = uri.IdnHost;
        var https = uri.Scheme == Uri.UriSchemeHttps;
        foreach (var (ruleHost, port, wildcard) in _rules)
        {
            if (port is { } p)
            {
                if (uri.Port == p && (https || uri.IsLoopback) && host.Equals(ruleHost, StringComparison.OrdinalIgnoreCase)) return true;
            }
            else if (https && uri.Port == 443 && (wildcard
                ? host.Length > ruleHost.Length && host.EndsWith(ruleHost, StringComparison.OrdinalIgnoreCase) && host[^(ruleHost.Length + 1)] == '.'
                : host.Equals(ruleHost, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    private static (string, int?, bool) Parse(string entry)
    {
        if (entry.StartsWith("*.", StringComparison.Ordinal)) return (entry[2..], null, true);
        var colon = entry.LastIndexOf(':');
        return colon > 0 && int.TryParse(entry.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (entry[..colon], port, false)
            : (entry, null, false);
    }
}
