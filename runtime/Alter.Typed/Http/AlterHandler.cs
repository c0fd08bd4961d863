using Alter.Typed.Audit;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace Alter.Typed.Http;

/// <summary>
/// The one credential pipeline every call goes through: resolve the grant → check the host → take a fresh
/// token → inject it → send → on the provider's "token rejected" answer refresh and retry once → audit.
/// Application code never sees the token; it exists only on the outgoing request.
/// </summary>
internal sealed partial class AlterHandler(AlterRuntime runtime, RateLimitRetry retry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request is not AlterRequestMessage { Call: var call })
            throw new InvalidOperationException("A request reached the Alter handler without a call context; send it through AlterApp.");

        var started = Stopwatch.GetTimestamp();
        // Only build the span's name when someone listens: the interpolation alone is measurable per call.
        using var activity = AlterTelemetry.Source.HasListeners() ? AlterTelemetry.Source.StartActivity($"{call.Provider.Id} {call.Operation}", ActivityKind.Client) : null;
        activity?.SetTag("alter.provider", call.Provider.Id);
        activity?.SetTag("alter.operation", call.Operation);
        var at = runtime.Time.GetUtcNow();
        var provider = call.Provider;   // rebound to the grant's connection values once the grant is known
        var uri = request.RequestUri!;
        GrantInfo? grant = null;
        var refreshed = false;
        var status = 0;
        var outcome = "error:unknown";
        HttpResponseMessage? answered = null;
        try
        {
            grant = runtime.ResolveGrant(provider, call.GrantId);
            call.GrantId = grant.Id;
            provider = runtime.ForGrant(provider, grant);

            if (!provider.Hosts.Allows(uri))
            {
                outcome = "denied:host_not_allowed";
                LogHostDenied(runtime.Logger, uri.Host, provider.Id, grant.Id);
                throw new HostNotAllowedException(
                    $"Refused to send the {provider.Descriptor.Name} token to {uri.Scheme}://{uri.Authority}: it is not one of {provider.Descriptor.Name}'s hosts ({string.Join(", ", provider.Hosts.Entries)}). Nothing was sent.",
                    uri.Authority, provider.Id);
            }
            if (grant.Status == GrantStatus.ReauthRequired)
            {
                outcome = "reauth_required";
                throw new ReauthRequiredException($"The {provider.Descriptor.Name} grant {grant.Id} needs re-authorization: connect {provider.Descriptor.Name} again.", grant.Id, provider.Id);
            }

            if (provider.Descriptor.Api.Headers is { Count: > 0 } headers) // most providers have none: no enumerator per call
                foreach (var (name, value) in headers)
                    if (!request.Headers.Contains(name)) request.Headers.TryAddWithoutValidation(name, value);
            // A retry resends the body: buffer streamed content once (byte-array bodies can be resent as they are).
            if (request.Content is not null and not ByteArrayContent) await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);

            var lease = await runtime.Tokens.GetAsync(grant, provider, rejected: null, at, cancellationToken).ConfigureAwait(false);
            refreshed = lease.Refreshed;
            var response = await SendAttemptAsync(request, provider, uri, lease.AccessToken, cancellationToken).ConfigureAwait(false);
            var verdict = await ProviderVerdict.ReadAsync(response, provider.Descriptor.Errors, cancellationToken).ConfigureAwait(false);

            if (verdict.TokenRejected)
            {
                // Expired or revoked early: refresh (unless someone already did) and retry exactly once.
                LogTokenRejected(runtime.Logger, provider.Id, grant.Id, verdict.Code ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                response.Dispose();
                lease = await runtime.Tokens.GetAsync(grant, provider, rejected: lease.AccessToken, cancellationToken).ConfigureAwait(false);
                refreshed |= lease.Refreshed;
                response = await SendAttemptAsync(request, provider, uri, lease.AccessToken, cancellationToken).ConfigureAwait(false);
                verdict = await ProviderVerdict.ReadAsync(response, provider.Descriptor.Errors, cancellationToken).ConfigureAwait(false);
                if (verdict.TokenRejected)
                {
                    status = (int)response.StatusCode;
                    response.Dispose();
                    runtime.Grants.SetStatus(grant.Id, GrantStatus.ReauthRequired);
                    runtime.Tokens.Forget(grant.Id);
                    outcome = "reauth_required";
                    throw new ReauthRequiredException(
                        $"{provider.Descriptor.Name} rejected the token of grant {grant.Id} even after a refresh ({verdict.Code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)}): the user must connect {provider.Descriptor.Name} again.",
                        grant.Id, provider.Id);
                }
            }

            status = (int)response.StatusCode;
            call.BodySaysOk = verdict.Ok || !response.IsSuccessStatusCode;
            call.ProviderErrorCode = verdict.Code;
            outcome = verdict.Ok ? "ok" : "provider_error:" + (verdict.Code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return answered = response;
        }
        catch (AlterException e) when (outcome == "error:unknown")
        {
            outcome = e switch
            {
                GrantNotFoundException => "error:grant_not_found",
                AmbiguousGrantException => "error:ambiguous_grant",
                ReauthRequiredException => "reauth_required",
                TokenRefreshException => "error:token_refresh_failed",
                _ => "error:" + e.GetType().Name,
            };
            throw;
        }
        catch (OperationCanceledException) when (outcome == "error:unknown")
        {
            outcome = "error:cancelled";
            throw;
        }
        catch (HttpRequestException e) when (outcome == "error:unknown")
        {
            outcome = "error:network";
            // The message can carry the request URI; tokens never go in URIs here, but keep the rule simple: no URI.
            throw new HttpRequestException($"Calling {provider.Descriptor.Name} ({call.Operation}) failed: {e.HttpRequestError}.", null, e.StatusCode);
        }
        finally
        {
            RemoveCredential(request, provider, uri);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            activity?.SetTag("alter.grant_id", grant?.Id);
            AlterTelemetry.Record(activity, provider.Id, call.Operation, outcome, status, latency, refreshed);
            // Durable mode: the call returns only after its row is committed; a row that cannot be written fails the call
            // (AuditWriteException), and the answer it would have returned is released.
            try
            {
                await runtime.Audit.WriteAsync(new AuditEntry(at, runtime.App.Name, grant?.Principal, provider.Id, call.Operation, grant?.Id,
                    request.Method.Method, uri, null, status, outcome, latency, refreshed), CancellationToken.None).ConfigureAwait(false);
            }
            catch (AuditWriteException)
            {
                answered?.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// One attempt with the credential, rate limits honoured: the happy path is a plain send (no async frame of its own,
    /// no pipeline); only an answer or failure that asks for a retry enters <see cref="RateLimitRetry.RetryAsync"/>.
    /// </summary>
    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, ResolvedProvider provider, Uri originalUri, string credential, CancellationToken cancellationToken)
    {
        Task<HttpResponseMessage> sent;
        try { sent = SendWithToken(request, provider, originalUri, credential, cancellationToken); }
        catch (Exception e) when (RateLimitRetry.NeedsRetry(e, request.Method)) { return retry.RetryAsync(request, Outcome.FromException<HttpResponseMessage>(e), cancellationToken); }
        return sent.IsCompletedSuccessfully && !retry.NeedsRetry(sent.Result, request.Method) ? sent : CompleteAttemptAsync(request, sent, cancellationToken);
    }

    private async Task<HttpResponseMessage> CompleteAttemptAsync(HttpRequestMessage request, Task<HttpResponseMessage> sent, CancellationToken cancellationToken)
    {
        Outcome<HttpResponseMessage> first;
        try { first = Outcome.FromResult(await sent.ConfigureAwait(false)); }
        catch (Exception e) when (RateLimitRetry.NeedsRetry(e, request.Method)) { first = Outcome.FromException<HttpResponseMessage>(e); }
        if (first.Result is { } response && !retry.NeedsRetry(response, request.Method)) return response;
        return await retry.RetryAsync(request, first, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts the credential on the request and sends it; <see cref="RemoveCredential"/> takes it off again.</summary>
    private Task<HttpResponseMessage> SendWithToken(HttpRequestMessage request, ResolvedProvider provider, Uri originalUri, string credential, CancellationToken cancellationToken)
    {
        var placement = provider.Placement;
        if (string.Equals(placement.In, "query", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = WithQueryParameter(originalUri, placement.Name, placement.Prefix + credential);
        }
        else
        {
            request.Headers.Remove(placement.Name);
            request.Headers.TryAddWithoutValidation(placement.Name, HeaderValue(placement.Prefix, credential));
        }
        return base.SendAsync(request, cancellationToken);
    }

    private sealed record CredentialValue(string Prefix, string Credential, string Value);

    /// <summary>The last credential header built: a cached token gives the same value on every call, so it is not concatenated anew.</summary>
    private CredentialValue? _lastValue;

    private string HeaderValue(string prefix, string credential)
    {
        var last = Volatile.Read(ref _lastValue);
        if (last is not null && ReferenceEquals(last.Credential, credential) && ReferenceEquals(last.Prefix, prefix)) return last.Value;
        var built = new CredentialValue(prefix, credential, prefix + credential);
        Volatile.Write(ref _lastValue, built);
        return built.Value;
    }

    /// <summary>The caller can reach the request through response.RequestMessage: the credential must not stay on it.</summary>
    private static void RemoveCredential(HttpRequestMessage request, ResolvedProvider provider, Uri originalUri)
    {
        if (string.Equals(provider.Placement.In, "query", StringComparison.OrdinalIgnoreCase)) request.RequestUri = originalUri;
        else request.Headers.Remove(provider.Placement.Name);
    }

    private static Uri WithQueryParameter(Uri uri, string name, string value)
    {
        var builder = new UriBuilder(uri);
        var pair = Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? pair : builder.Query.TrimStart('?') + "&" + pair;
        return builder.Uri;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Refused to send a {Provider} token (grant {GrantId}) to {Host}: not an allowed host")]
    private static partial void LogHostDenied(ILogger logger, string host, string provider, string grantId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "{Provider} rejected the token of grant {GrantId} ({Reason}); refreshing and retrying once")]
    private static partial void LogTokenRejected(ILogger logger, string provider, string grantId, string reason);
}
