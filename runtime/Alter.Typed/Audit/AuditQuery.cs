namespace Alter.Typed;

/// <summary>Filters for reading the audit log.</summary>
public sealed record AuditQuery
{
    /// <summary>Only rows at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only rows of this provider.</summary>
    public string? Provider { get; init; }

    /// <summary>Only rows of this grant.</summary>
    public string? GrantId { get; init; }

    /// <summary>Only rows of calls that acted for this principal (a user's activity).</summary>
    public Principal? Principal { get; init; }

    /// <summary>At most this many rows (newest first). Default 100.</summary>
    public int Limit { get; init; } = 100;
}
