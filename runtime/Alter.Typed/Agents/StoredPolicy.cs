using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alter.Typed.Agents;

/// <summary>
/// An <see cref="AccessPolicy"/> as stored (an agent's policy, <c>agents.policy</c>): JSON written and read through
/// source-generated metadata (no reflection: trimming- and AOT-safe). Reading fails closed: an unknown version, an
/// unknown property (a rule a newer writer added, which this reader would otherwise silently drop), a missing field or
/// an invalid value throws, and the agent is then denied everything.
/// </summary>
internal static class StoredPolicy
{
    /// <summary>The format's version; a reader refuses any other.</summary>
    public const int Version = 1;

    /// <summary>The policy as JSON.</summary>
    /// <exception cref="ArgumentException">The policy has a code <see cref="AccessPolicy.Condition"/>, which cannot be stored; or a time window's zone is not a system time zone.</exception>
    public static string Write(AccessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Condition is not null)
            throw new ArgumentException($"Access policy '{policy.Name}' has a code condition (When(...)), which cannot be stored with an agent: a stored policy holds data only. Build it without When(...), or enforce the condition with options.Policies.", nameof(policy));
        var windows = new List<Window>();
        foreach (var window in policy.TimeWindows)
        {
            // Read back by id: a zone the system does not know by its id (a custom one) would not be the same zone on reading.
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(window.Zone.Id, out _))
                throw new ArgumentException($"Access policy '{policy.Name}' has a time window in zone '{window.Zone.Id}', which is not a system time zone: a stored policy names zones by their IANA id (Europe/Paris, UTC).", nameof(policy));
            windows.Add(new Window
            {
                Zone = window.Zone.Id,
                Start = window.Start.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
                End = window.End.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
                Days = [.. window.Days.Select(d => d.ToString())],
            });
        }
        if (policy.MaxDelegationLifetime is { } lifetime && lifetime.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new ArgumentException($"Access policy '{policy.Name}' has a maximum delegation lifetime of {lifetime}: a stored one is a whole number of milliseconds.", nameof(policy));
        if (policy.RateLimitWindow is { } length && length.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new ArgumentException($"Access policy '{policy.Name}' has a rate-limit window of {length}: a stored one is a whole number of milliseconds.", nameof(policy));
        var document = new Document
        {
            Version = Version,
            Name = policy.Name,
            Allow = [.. policy.Allowed],
            RequireApproval = [.. policy.RequiringApproval],
            Scopes = policy.AllowedScopes is null ? null : [.. policy.AllowedScopes],
            TimeWindows = windows,
            MaxDelegationLifetimeMs = policy.MaxDelegationLifetime is { } max ? (long)max.TotalMilliseconds : null,
            RateLimit = policy.RateLimitPermits is { } permits ? new Rate { Permits = permits, WindowMs = (long)policy.RateLimitWindow!.Value.TotalMilliseconds } : null,
        };
        return JsonSerializer.Serialize(document, StoredPolicyJsonContext.Default.Document);
    }

    /// <summary>The policy <paramref name="json"/> holds, validated as the builder validates.</summary>
    /// <exception cref="Exception">Anything unreadable: the caller denies.</exception>
    public static AccessPolicy Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var document = JsonSerializer.Deserialize(json, StoredPolicyJsonContext.Default.Document)
            ?? throw new JsonException("The stored policy is null.");
        if (document.Version != Version) throw new JsonException($"The stored policy has version {document.Version}; this runtime reads version {Version}.");
        var builder = AccessPolicy.Create(document.Name ?? throw new JsonException("The stored policy has no name."));
        builder.Allow([.. Required(document.Allow, "allow")]);
        builder.RequireApproval([.. Required(document.RequireApproval, "requireApproval")]);
        if (document.Scopes is { } scopes) builder.AllowScopes([.. scopes]);
        foreach (var window in Required(document.TimeWindows, "timeWindows"))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(window.Zone ?? throw new JsonException("A stored time window has no zone."));
            var days = Required(window.Days, "days").Select(d => Enum.TryParse<DayOfWeek>(d, ignoreCase: false, out var day) && Enum.IsDefined(day) && !char.IsDigit(d[0])
                ? day : throw new JsonException($"'{d}' is not a day of the week.")).ToArray();
            builder.During(new TimeWindow(zone, Time(window.Start), Time(window.End), days));
        }
        if (document.RateLimit is { } rate) builder.RateLimit(rate.Permits, TimeSpan.FromMilliseconds(rate.WindowMs));
        if (document.MaxDelegationLifetimeMs is { } maxMs) builder.MaxDelegationLifetime(TimeSpan.FromMilliseconds(maxMs));
        return builder.Build();
    }

    private static List<T> Required<T>(List<T>? list, string name) => list ?? throw new JsonException($"The stored policy has no '{name}'.");

    private static TimeOnly Time(string? text)
        => TimeOnly.ParseExact(text ?? throw new JsonException("A stored time window has no start or end."), "HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    /// <summary>The stored document. Every list is written, empty or not, so a missing one reads as damage rather than "no rule".</summary>
    internal sealed class Document
    {
        public int Version { get; set; }
        public string? Name { get; set; }
        public List<string>? Allow { get; set; }
        public List<string>? RequireApproval { get; set; }
        public List<string>? Scopes { get; set; }
        public List<Window>? TimeWindows { get; set; }
        public Rate? RateLimit { get; set; }
        public long? MaxDelegationLifetimeMs { get; set; }
    }

    internal sealed class Window
    {
        public string? Zone { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }
        public List<string>? Days { get; set; }
    }

    internal sealed class Rate
    {
        public int Permits { get; set; }
        public long WindowMs { get; set; }
    }
}

/// <summary>Source-generated metadata of the stored policy: camelCase, unknown members refused (fail closed).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StoredPolicy.Document))]
internal sealed partial class StoredPolicyJsonContext : JsonSerializerContext;
