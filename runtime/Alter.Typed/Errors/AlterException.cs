namespace Alter.Typed;

/// <summary>
/// The base of every error the runtime raises. Messages say what happened and what to do,
/// and never contain a token or secret.
/// </summary>
public class AlterException : Exception
{
    /// <summary>Creates an error with a message.</summary>
    public AlterException(string message) : base(message) { }

    /// <summary>Creates an error with a message and the error that caused it.</summary>
    public AlterException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>The API key (an app's or an agent's) is missing, malformed, unknown, revoked, or deprecated past its grace.</summary>
public sealed class ApiKeyException(string message) : AlterException(message)
{
    /// <summary>Why the key was refused.</summary>
    public ApiKeyRefusal Reason { get; init; }

    /// <summary>The key's id (never the key) when it could be read from the key; null otherwise.</summary>
    public string? KeyId { get; init; }
}

/// <summary>Why an <see cref="ApiKeyException"/> refused a key.</summary>
public enum ApiKeyRefusal
{
    /// <summary>The store knows no such key (never minted, minted in another store, or its agent was removed).</summary>
    Unknown,

    /// <summary>No key was given.</summary>
    Missing,

    /// <summary>The text is not an API key.</summary>
    Malformed,

    /// <summary>The key was revoked.</summary>
    Revoked,

    /// <summary>The key was deprecated and its grace period has ended.</summary>
    Expired,
}

/// <summary>
/// An app opened with an agent key tried what only the app's own key may do (administer agents, users or other
/// principals' grants), or to act for a principal other than its agent: an agent acts for itself only (acting for a user
/// goes through a delegation the user made to it: <c>WithDelegation(id)</c>). Nothing was read or sent.
/// </summary>
public sealed class AgentAccessException(string message) : AlterException(message);

/// <summary>
/// The grant named does not exist, or is not the caller's: a grant id owned by someone else gives exactly this error,
/// with the same message, as one that never existed.
/// </summary>
public sealed class GrantNotFoundException(string message) : AlterException(message)
{
    /// <summary>The provider asked for, when known.</summary>
    public string? Provider { get; init; }
}

/// <summary>
/// The principal the call acts for has no grant for the provider (or none for the account asked for): that principal
/// must connect it first. The runtime never falls back to another principal's grant, nor to the app's.
/// </summary>
public sealed class ConnectRequiredException(string message, string provider, Principal principal, string? account, Uri? connectUrl) : AlterException(message)
{
    /// <summary>The provider to connect.</summary>
    public string Provider { get; } = provider;

    /// <summary>Whom the call acted for: the principal who must connect.</summary>
    public Principal Principal { get; } = principal;

    /// <summary>The provider-side account asked for (<c>WithAccount</c>), when one was.</summary>
    public string? Account { get; } = account;

    /// <summary>Where to send the user to connect (from <see cref="AlterOptions.ConnectUrl"/>); null when none is configured.</summary>
    public Uri? ConnectUrl { get; } = connectUrl;
}

/// <summary>
/// The principal the call acts for has several grants for the provider and the call named none: choose one with
/// <c>WithAccount(account)</c> (or <c>WithGrant(id)</c>). The runtime never picks the first.
/// </summary>
public sealed class AmbiguousGrantException(string message, string provider, Principal principal, IReadOnlyList<string?> accounts, IReadOnlyList<string> grantIds) : AlterException(message)
{
    /// <summary>The provider called.</summary>
    public string Provider { get; } = provider;

    /// <summary>Whom the call acted for.</summary>
    public Principal Principal { get; } = principal;

    /// <summary>The provider-side accounts of the grants that matched, in the order of <see cref="GrantIds"/> (null for a grant whose provider names no account).</summary>
    public IReadOnlyList<string?> Accounts { get; } = accounts;

    /// <summary>The grants that matched.</summary>
    public IReadOnlyList<string> GrantIds { get; } = grantIds;
}

/// <summary>
/// The grant can no longer be used (expired or revoked, and refreshing did not help): the user must connect again.
/// </summary>
public sealed class ReauthRequiredException(string message, string grantId, string provider) : AlterException(message)
{
    /// <summary>The grant that needs re-authorization.</summary>
    public string GrantId { get; } = grantId;

    /// <summary>The provider to connect again.</summary>
    public string Provider { get; } = provider;
}

/// <summary>The token endpoint failed (not because the grant is dead): retry later.</summary>
public sealed class TokenRefreshException(string message, Exception? innerException = null) : AlterException(message, innerException);

/// <summary>
/// A request was refused before it was sent because its host is not one the provider's token may go to.
/// </summary>
public sealed class HostNotAllowedException(string message, string host, string provider) : AlterException(message)
{
    /// <summary>The refused host.</summary>
    public string Host { get; } = host;

    /// <summary>The provider whose token would have been sent.</summary>
    public string Provider { get; } = provider;
}

/// <summary>The OAuth connect flow failed; nothing was stored.</summary>
public sealed class ConnectException(string message, Exception? innerException = null) : AlterException(message, innerException);

/// <summary>The provider refused to revoke a grant's tokens; the grant was kept so the revocation can be retried.</summary>
public sealed class RevocationFailedException(string message, string provider, int status) : AlterException(message)
{
    /// <summary>The provider that refused.</summary>
    public string Provider { get; } = provider;

    /// <summary>The HTTP status it answered.</summary>
    public int Status { get; } = status;
}

/// <summary>
/// The provider call happened, but its audit row could not be written (the audit store failed): the call's result is
/// withheld because an unaudited call must not look like a normal one. Check the audit store (disk, permissions, locks).
/// </summary>
public sealed class AuditWriteException(string message, Exception? innerException = null) : AlterException(message, innerException);

/// <summary>
/// An <see cref="Http.ICallPolicy"/> refused the call; nothing was sent. The denial is audited with its rule. Calls held
/// for a human approval throw the derived <see cref="ApprovalPendingException"/> and <see cref="ApprovalDeniedException"/>.
/// </summary>
/// <param name="message">Why, and what to do.</param>
/// <param name="rule">The rule that refused: the audit row's outcome is <c>denied:policy:&lt;rule&gt;</c>.</param>
public class PolicyDeniedException(string message, string rule) : AlterException(message)
{
    /// <summary>The rule that refused the call.</summary>
    public string Rule { get; } = rule;
}

/// <summary>
/// A provider host answered with a redirect to a host that is not one of the provider's: it was not followed and no
/// credential went there. The answer was received and the call audited as <c>denied:redirect_host_not_allowed</c>.
/// </summary>
/// <param name="message">What happened.</param>
/// <param name="host">The host the redirect pointed to.</param>
/// <param name="provider">The provider id.</param>
/// <param name="status">The redirect's HTTP status (301, 302, 303, 307, 308).</param>
public sealed class RedirectNotAllowedException(string message, string host, string provider, int status) : AlterException(message)
{
    /// <summary>The host the redirect pointed to (<c>host:port</c>).</summary>
    public string Host { get; } = host;

    /// <summary>The provider id.</summary>
    public string Provider { get; } = provider;

    /// <summary>The redirect's HTTP status.</summary>
    public int Status { get; } = status;
}

/// <summary>
/// The call needs a human approval that it does not have yet: nothing was sent. A pending approval
/// (<see cref="ApprovalId"/>) was recorded, or the existing one for exactly this call reused; once a human approves it
/// (<see cref="AlterApprovals.Approve"/>, <c>alter approvals approve</c>), make the same call again: it goes through once.
/// A call with any other argument needs an approval of its own. Audited as <c>denied:policy:approval_required</c>
/// with the approval id. A <see cref="PolicyDeniedException"/> with <see cref="PolicyRules.ApprovalRequired"/>.
/// </summary>
public sealed class ApprovalPendingException : PolicyDeniedException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="approvalId">The pending approval.</param>
    /// <param name="expiresAt">When it lapses if nobody decides.</param>
    public ApprovalPendingException(string message, string approvalId, DateTimeOffset expiresAt) : base(message, PolicyRules.ApprovalRequired)
        => (ApprovalId, ExpiresAt) = (approvalId, expiresAt);

    /// <summary>The pending approval (<c>apr_…</c>).</summary>
    public string ApprovalId { get; }

    /// <summary>When the pending approval lapses if nobody decides.</summary>
    public DateTimeOffset ExpiresAt { get; }
}

/// <summary>
/// A human denied the approval this exact call needed: nothing was sent. The denial is reported to one call; the same
/// call made again asks for a new approval. Audited as <c>denied:policy:approval_denied</c>. A
/// <see cref="PolicyDeniedException"/> with <see cref="PolicyRules.ApprovalDenied"/>.
/// </summary>
public sealed class ApprovalDeniedException : PolicyDeniedException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="approvalId">The denied approval.</param>
    /// <param name="decidedBy">Who denied it.</param>
    /// <param name="reason">The reason they gave, if any.</param>
    public ApprovalDeniedException(string message, string approvalId, string? decidedBy, string? reason) : base(message, PolicyRules.ApprovalDenied)
        => (ApprovalId, DecidedBy, Reason) = (approvalId, decidedBy, reason);

    /// <summary>The denied approval (<c>apr_…</c>).</summary>
    public string ApprovalId { get; }

    /// <summary>Who denied it.</summary>
    public string? DecidedBy { get; }

    /// <summary>The reason given, if any.</summary>
    public string? Reason { get; }
}

/// <summary>An approval cannot be decided: it is not this app's, already decided, used, or expired (<see cref="Status"/>).</summary>
/// <param name="message">What happened.</param>
/// <param name="approvalId">The approval asked for.</param>
/// <param name="status">Where it stands; null when this app has no such approval.</param>
public sealed class ApprovalStateException(string message, string approvalId, ApprovalStatus? status) : AlterException(message)
{
    /// <summary>The approval asked for.</summary>
    public string ApprovalId { get; } = approvalId;

    /// <summary>Where it stands; null when this app has no such approval.</summary>
    public ApprovalStatus? Status { get; } = status;
}
