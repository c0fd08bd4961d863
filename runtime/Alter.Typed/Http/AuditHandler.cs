using System.Diagnostics;
using System.Globalization;
using Alter.Typed.Audit;

namespace Alter.Typed.Http;

/// <summary>
/// The outermost handler: times the call and writes its audit row, whatever happened below (sent, refused, denied,
/// failed), plus one row per redirect followed. The row is written with <see cref="AuditLog.WriteAsync"/>: when it
/// cannot be written the call fails with <see cref="AuditWriteException"/> (the response is disposed). Telemetry is
/// recorded here too, with bounded tag values.
/// </summary>
internal sealed class AuditHandler(IAuditSink audit, TimeProvider time, string store = "the store") : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = AlterPipeline.ContextOf(request);
        var started = context.Timestamp = time.GetTimestamp();
        var at = context.At = time.GetUtcNow();
        // Only build the span's name when someone listens: the interpolation alone is measurable per call.
        using var activity = AlterTelemetry.Source.HasListeners() ? AlterTelemetry.Source.StartActivity($"{context.Provider.Id} {context.Operation}", ActivityKind.Client) : null;
        activity?.SetTag("alter.provider", context.Provider.Id);
        activity?.SetTag("alter.operation", context.Operation);
        var (method, uri) = (request.Method, request.RequestUri);
        HttpResponseMessage? response = null;
        var status = 0;
        string outcome;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var verdict = context.Verdict ?? new ProviderVerdict.Verdict(response.IsSuccessStatusCode, null, false);
            outcome = verdict.Ok ? "ok" : "provider_error:" + (verdict.Code ?? status.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception caught)
        {
            // A store that fails while the call resolves its grant or token (a database restarting): a typed error, not the driver's.
            var e = caught is System.Data.Common.DbException db ? new StoreUnavailableException(store, db) : caught;
            outcome = OutcomeOf(e);
            status = context.FailedStatus;
            await WriteAsync(context, at, started, method, uri, status, outcome, activity, cancellationToken).ConfigureAwait(false);
            if (e is HttpRequestException network)
                // The message can carry the request URI (and a query-placed credential): say what failed, without it.
                throw new HttpRequestException($"Calling {context.Provider.Name} ({context.Operation}) failed: {network.HttpRequestError}.", null, network.StatusCode);
            if (e != caught) throw e;
            throw;
        }

        try
        {
            await WriteAsync(context, at, started, method, uri, status, outcome, activity, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose(); // the call fails: nobody else will dispose it
            throw;
        }
        return response;
    }

    private ValueTask WriteAsync(CallContext context, DateTimeOffset at, long started, HttpMethod method, Uri? uri, int status, string outcome, Activity? activity, CancellationToken cancellationToken)
    {
        var latency = time.GetElapsedTime(started).TotalMilliseconds;
        var grant = context.Grant;
        var provider = context.Provider.Id;
        // The owner key, built once per principal object: the app's for every call by default.
        var principal = context.Principal?.Key;
        activity?.SetTag("alter.grant_id", grant?.Id);
        AlterTelemetry.Record(activity, provider, context.IsTypedOperation ? context.Operation : "request", outcome, status, latency, context.Refreshed);
        if (context.Redirects is { } hops)
            foreach (var (from, to, hop) in hops)
                audit.Write(new AuditEntry(at, context.Caller, principal, provider, context.Operation, grant?.Id, method.Method, from, null, hop,
                    "redirect:" + to.Authority, 0, false, context.DelegationId, context.Tool, context.ApprovalId));
        // Not the caller's token: the provider call happened, so its row is written even when the caller gave up meanwhile.
        return audit.WriteAsync(new AuditEntry(at, context.Caller, principal, provider, context.Operation, grant?.Id, method.Method, uri, null,
            status, outcome, latency, context.Refreshed, context.DelegationId, context.Tool, context.ApprovalId), CancellationToken.None);
    }

    /// <summary>The audit outcome of a call that failed with <paramref name="e"/>.</summary>
    internal static string OutcomeOf(Exception e) => e switch
    {
        HostNotAllowedException => "denied:host_not_allowed",
        RedirectNotAllowedException => "denied:redirect_host_not_allowed",
        PolicyDeniedException denied => "denied:policy:" + denied.Rule,
        AgentAccessException => "denied:agent_access",
        DelegationException refused => "denied:delegation:" + refused.Reason switch
        {
            DelegationRefusal.Revoked => "revoked",
            DelegationRefusal.Expired => "expired",
            DelegationRefusal.GrantRemoved => "grant_removed",
            DelegationRefusal.NeedsAgentKey => "needs_agent_key",
            _ => "not_found",
        },
        InvalidUserTokenException refused => "denied:invalid_user_token:" + Bounded(refused.Reason),
        GrantNotFoundException => "error:grant_not_found",
        ConnectRequiredException => "error:connect_required",
        AmbiguousGrantException => "error:ambiguous_grant",
        ReauthRequiredException => "reauth_required",
        TokenRefreshException => "error:token_refresh_failed",
        AlterException => "error:" + e.GetType().Name,
        OperationCanceledException => "error:cancelled",
        HttpRequestException => "error:network",
        _ => "error:unknown",
    };

    /// <summary>
    /// A validator's reason code as an audit value: short and plain (letters, digits, <c>_ - .</c>), whatever the
    /// validator put there; it is a code, never a place for a token or a message.
    /// </summary>
    private static string Bounded(string? reason)
    {
        if (string.IsNullOrEmpty(reason)) return "unknown";
        var length = Math.Min(reason.Length, 64);
        return string.Create(length, reason, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '_' or '-' or '.' ? source[i] : '_';
        });
    }
}
