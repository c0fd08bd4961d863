using Alter.Typed.Audit;
using Alter.Typed.OAuth;

namespace Alter.Typed.Http;

/// <summary>Where the credential handler takes credentials from (the <see cref="TokenManager"/>); a seam for its unit tests.</summary>
internal interface ICredentialSource
{
    /// <summary>
    /// A usable credential for the grant at <paramref name="now"/> (the call's clock reading), never
    /// <paramref name="rejected"/> (a token the provider just refused).
    /// </summary>
    ValueTask<TokenLease> GetAsync(GrantInfo grant, ResolvedProvider provider, string? rejected, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The provider refused the grant's credential even after a refresh: the grant needs re-authorization.</summary>
    void MarkReauthRequired(GrantInfo grant);
}

/// <summary>Decides whom a call acts for, resolves its grant and binds its provider (the <see cref="GrantResolver"/>); a seam for unit tests.</summary>
internal interface ICallContextResolver
{
    /// <summary>Completes synchronously unless a principal source or user token has to be awaited.</summary>
    ValueTask ResolveAsync(CallContext context, CancellationToken cancellationToken);
}

/// <summary>Where the audit handler writes rows (the app's <see cref="AuditLog"/>); a seam for its unit tests.</summary>
internal interface IAuditSink
{
    /// <summary>Queues a row that needs no commit before the call returns (a followed redirect's hop).</summary>
    void Write(in AuditEntry entry);

    /// <summary>Writes the call's row under the configured <see cref="AuditMode"/>; throws <see cref="AuditWriteException"/> when it cannot.</summary>
    ValueTask WriteAsync(AuditEntry entry, CancellationToken cancellationToken);
}

/// <summary>The app's audit log as the pipeline's sink.</summary>
internal sealed class AuditLogSink(AuditLog log) : IAuditSink
{
    public void Write(in AuditEntry entry) => log.Write(entry);

    public ValueTask WriteAsync(AuditEntry entry, CancellationToken cancellationToken) => log.WriteAsync(entry, cancellationToken);
}
