namespace Alter.Typed.Audit;

/// <summary>A queued audit row: the strings it holds are the call's long-lived ones (ids, names); the host is read from the URI when written.</summary>
internal readonly record struct AuditEntry(
    DateTimeOffset At, string Caller, string? Principal, string Provider, string Operation, string? GrantId,
    string Method, Uri? Uri, string? Host, int Status, string Outcome, double LatencyMs, bool Refreshed,
    string? DelegationId = null, string? Tool = null, string? ApprovalId = null);
