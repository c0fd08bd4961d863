namespace Alter.Typed;

/// <summary>Where an approval stands (<see cref="ApprovalInfo.Status"/>).</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for a human: <see cref="AlterApprovals.Approve"/> or <see cref="AlterApprovals.Deny"/>.</summary>
    Pending,

    /// <summary>Approved and not used yet: the next call with exactly the same arguments goes through, once.</summary>
    Approved,

    /// <summary>Denied by a human.</summary>
    Denied,

    /// <summary>Never decided before <see cref="ApprovalInfo.ExpiresAt"/>, or approved and not used before it.</summary>
    Expired,

    /// <summary>Approved and used by one call (<see cref="ApprovalInfo.ConsumedAt"/>); the same call again needs a new approval.</summary>
    Used,
}

/// <summary>
/// One call that needs a human approval, as the human sees it. It is bound to the exact call (caller, principal, grant,
/// operation, method, URL, headers and body, hashed): approving it lets that call, and no other, through once. The
/// preview never holds a credential (the provider's token is added after the approval check, and an Authorization header
/// is never shown); the body is what the caller sent, capped at 4096 characters.
/// </summary>
public sealed record ApprovalInfo
{
    internal ApprovalInfo() { }

    /// <summary>The approval id (<c>apr_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The app the call was made in.</summary>
    public required string AppId { get; init; }

    /// <summary>Who called: the app's name, or the agent (<c>agent agent_…</c>).</summary>
    public required string Caller { get; init; }

    /// <summary>Whom the call acts for, as a <see cref="Alter.Typed.Principal.Key"/>.</summary>
    public required string Principal { get; init; }

    /// <summary>The grant the call would run under.</summary>
    public string? GrantId { get; init; }

    /// <summary>The provider id.</summary>
    public required string Provider { get; init; }

    /// <summary>The provider's operation id (<c>chat.postMessage</c>).</summary>
    public required string Operation { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The URL's path and query (capped at 2048 characters).</summary>
    public required string Url { get; init; }

    /// <summary>The body's media type; null without a body.</summary>
    public string? ContentType { get; init; }

    /// <summary>The body as text (capped, with a note of its full length), or a note for binary content; null without a body.</summary>
    public string? BodyPreview { get; init; }

    /// <summary>The body's length in bytes.</summary>
    public long BodyLength { get; init; }

    /// <summary>Where it stands, at the time it was read.</summary>
    public required ApprovalStatus Status { get; init; }

    /// <summary>When the call first asked.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a pending approval lapses; once approved, by when the call must be made again to use it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When a human approved or denied it.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Who approved or denied it, as they named themselves.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The reason given with a denial.</summary>
    public string? Reason { get; init; }

    /// <summary>When the approved call was made (or a denial reported to the caller).</summary>
    public DateTimeOffset? ConsumedAt { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} {Status} {Provider}:{Operation} {Method} {Url}";
}
