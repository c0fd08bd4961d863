using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Alter.Typed.AspNetCore.Portal.Audit;

/// <summary>
/// The audit view's filters as the GET form sends them (every value is text from the query string, echoed back into the
/// form only through Razor's encoding) and their translation into an <see cref="AuditQuery"/>.
/// </summary>
internal sealed record AuditFilter(string? Since, string? Until, string? User, string? Agent, string? Provider, string? Operation,
    string? Status, string? Decision, string? Before)
{
    /// <summary>Rows per page of the view.</summary>
    public const int PageSize = 100;

    /// <summary>The decisions the select offers, and the outcomes each keeps.</summary>
    public static readonly IReadOnlyList<(string Value, string Label, string Outcome)> Decisions =
    [
        ("ok", "Allowed, provider answered ok", "ok"),
        ("denied", "Denied (policy, host, delegation, token)", "denied:*"),
        ("provider_error", "Provider error", "provider_error:*"),
        ("error", "Failed before the provider (error:…)", "error:*"),
        ("reauth_required", "Re-authorization required", "reauth_required"),
    ];

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];

    /// <summary>The filter of a request, or the reason it cannot be read (shown to the person; the form keeps their input).</summary>
    public static (AuditFilter Filter, string? Error) Parse(IQueryCollection query)
    {
        string? Get(string name) => query[name] is { Count: 1 } values && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
        var filter = new AuditFilter(Get("since"), Get("until"), Get("user"), Get("agent"), Get("provider")?.ToLowerInvariant(), Get("operation"),
            Get("status"), Get("decision"), Get("before"));
        return (filter, filter.Check());
    }

    private string? Check()
    {
        if (Since is not null && ParseTime(Since) is null) return $"'From' must be a UTC time like 2026-12-06T10:00 (got '{Since}').";
        if (Until is not null && ParseTime(Until) is null) return $"'To' must be a UTC time like 2026-12-06T18:00 (got '{Until}').";
        if (Status is not null && !int.TryParse(Status, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return $"'Status' must be an HTTP status number (got '{Status}').";
        if (Decision is not null && !Decisions.Any(d => d.Value == Decision)) return $"Unknown decision '{Decision}'.";
        if (Before is not null && !long.TryParse(Before, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return "The page link is damaged: open the audit log again.";
        if (User is not null && Principal.FromKey(User) is null)
            return $"'User' must be a principal key as the user list gives it (user:…; got '{User}').";
        return null;
    }

    /// <summary>
    /// The store query (call it only when <see cref="Parse"/> gave no error). The user is a principal key (the select sends
    /// one); an agent is its id or name.
    /// </summary>
    public AuditQuery ToQuery(IReadOnlyList<AgentInfo> agents)
    {
        var agent = Agent is null ? null : agents.FirstOrDefault(a => a.Id == Agent || a.Name == Agent);
        return new AuditQuery
        {
            Since = Since is null ? null : ParseTime(Since),
            Until = Until is null ? null : ParseTime(Until),
            Principal = User is null ? null : Principal.FromKey(User),
            Caller = Agent is null ? null : Principal.Agent(agent?.Id ?? Agent).ToString(),
            Provider = Provider,
            Operation = Operation,
            Status = Status is null ? null : int.Parse(Status, NumberStyles.None, CultureInfo.InvariantCulture),
            Outcome = Decision is null ? null : Decisions.First(d => d.Value == Decision).Outcome,
            BeforeId = Before is null ? null : long.Parse(Before, NumberStyles.None, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The query string of this filter, for the next-page and export links (<paramref name="extra"/> appended).</summary>
    public string QueryString(params (string Name, string Value)[] extra)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string name, string? value) { if (value is not null) pairs.Add(new(name, value)); }
        Add("since", Since); Add("until", Until); Add("user", User); Add("agent", Agent); Add("provider", Provider);
        Add("operation", Operation); Add("status", Status); Add("decision", Decision);
        foreach (var (name, value) in extra) Add(name, value);
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).ToUriComponent();
    }

    private static DateTimeOffset? ParseTime(string text)
        => DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;
}
