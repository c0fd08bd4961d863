namespace Alter.Typed;

/// <summary>Filters for reading the audit log. Every filter given must match (they combine with AND).</summary>
public sealed record AuditQuery
{
    /// <summary>Only rows at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only rows before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only rows of this provider.</summary>
    public string? Provider { get; init; }

    /// <summary>Only rows of this operation id (<c>chat.postMessage</c>, or <c>METHOD /path</c> for untyped calls).</summary>
    public string? Operation { get; init; }

    /// <summary>Only rows of this grant.</summary>
    public string? GrantId { get; init; }

    /// <summary>Only rows of calls that acted for this principal (a user's activity).</summary>
    public Principal? Principal { get; init; }

    /// <summary>Only rows of this caller, as rows name it: the app's name, or <c>agent agent_…</c> for an agent's calls.</summary>
    public string? Caller { get; init; }

    /// <summary>Only rows whose provider answered with this HTTP status (0: nothing was sent).</summary>
    public int? Status { get; init; }

    /// <summary>
    /// Only rows with this outcome (see <see cref="AuditRecord.Outcome"/>). A value ending in <c>*</c> matches every outcome
    /// that starts with the rest: <c>denied:*</c> finds every refused call, <c>denied:policy:*</c> the policy's refusals.
    /// </summary>
    public string? Outcome { get; init; }

    /// <summary>Only rows older than this row id (<see cref="AuditRecord.Id"/>): the next page after the last row read.</summary>
    public long? BeforeId { get; init; }

    /// <summary>At most this many rows (newest first). Default 100.</summary>
    public int Limit { get; init; } = 100;
}
