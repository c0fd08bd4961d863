using System.Net;
using System.Text;
using Alter.Typed.OAuth;
using Microsoft.Extensions.Logging;

namespace Alter.Typed.Http;

/// <summary>
/// The only handler that sees a credential: checks the host, injects the grant's credential, sends, judges the answer
/// once (<see cref="ProviderVerdict"/>, handed on in <see cref="CallContext.Verdict"/>), refreshes and resends exactly
/// once on a dead-token verdict, follows a redirect only to one of the provider's hosts (the credential re-added only
/// there), and takes the credential off the request again: the caller can reach it through <c>response.RequestMessage</c>.
/// An error body that echoes the credential is redacted before anyone reads it.
/// </summary>
internal sealed partial class CredentialHandler(ICredentialSource tokens, TimeProvider time, ILogger logger) : DelegatingHandler
{
    /// <summary>Redirects followed within the provider's hosts before the answer is handed back as it is.</summary>
    internal const int MaxRedirects = 5;

    private const string Redacted = "[redacted]";

    private static readonly ProviderVerdict.Verdict Ok = new(true, null, false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = AlterPipeline.ContextOf(request);
        var provider = context.ResolvedProvider;
        var grant = context.Grant ?? throw new InvalidOperationException("The credential handler ran before the call context was resolved.");
        var uri = request.RequestUri!;
        if (!provider.Hosts.Allows(uri))
        {
            LogHostDenied(logger, uri.Host, provider.Id, grant.Id);
            throw new HostNotAllowedException(
                $"Refused to send the {provider.Descriptor.Name} token to {uri.Scheme}://{uri.Authority}: it is not one of {provider.Descriptor.Name}'s hosts ({string.Join(", ", provider.Hosts.Entries)}). Nothing was sent.",
                uri.Authority, provider.Id);
        }
        if (provider.Descriptor.Api.Headers is { Count: > 0 } headers) // most providers have none: no enumerator per call
            foreach (var (name, value) in headers)
                if (!request.Headers.Contains(name)) request.Headers.TryAddWithoutValidation(name, value);

        var lease = tokens.GetAsync(grant, provider, rejected: null, context.AtOr(time), cancellationToken);
        // A resend (refresh, retry) needs the body again: streamed content is buffered once (byte arrays resend as they are).
        if (!lease.IsCompletedSuccessfully || request.Content is not (null or ByteArrayContent))
            return SendSlowAsync(request, context, uri, lease, cancellationToken);

        // The happy path: a cached token, one send, a verdict read from the first bytes; no async frame of its own.
        Task<HttpResponseMessage> sent;
        try { sent = SendWithCredential(request, provider, uri, lease.Result.AccessToken, cancellationToken); }
        catch { RemoveCredential(request, provider, uri); throw; }
        ValueTask<ProviderVerdict.Verdict>? first = null;
        if (sent.IsCompletedSuccessfully && !IsRedirect(sent.Result))
        {
            var verdict = ProviderVerdict.ReadAsync(sent.Result, provider.Descriptor.Errors, cancellationToken);
            if (verdict.IsCompletedSuccessfully && verdict.Result is { Ok: true, TokenRejected: false })
            {
                RemoveCredential(request, provider, uri);
                context.Verdict = Ok;
                return sent;
            }
            // Judged once: the slow path takes this verdict rather than reading the body again (a ValueTask is awaited once).
            first = verdict.IsCompletedSuccessfully ? new ValueTask<ProviderVerdict.Verdict>(verdict.Result) : verdict;
        }
        context.Refreshed |= lease.Result.Refreshed;
        return CompleteAsync(request, context, uri, lease.Result, sent, first, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendSlowAsync(HttpRequestMessage request, CallContext context, Uri uri, ValueTask<TokenLease> pending, CancellationToken cancellationToken)
    {
        var provider = context.ResolvedProvider;
        try
        {
            if (request.Content is not null and not ByteArrayContent) await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var lease = await pending.ConfigureAwait(false);
            context.Refreshed |= lease.Refreshed;
            return await CompleteAsync(request, context, uri, lease, SendWithCredential(request, provider, uri, lease.AccessToken, cancellationToken), null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RemoveCredential(request, provider, uri);
        }
    }

    private async Task<HttpResponseMessage> CompleteAsync(HttpRequestMessage request, CallContext context, Uri uri, TokenLease lease, Task<HttpResponseMessage> sent,
        ValueTask<ProviderVerdict.Verdict>? first, CancellationToken cancellationToken)
    {
        var provider = context.ResolvedProvider;
        var grant = context.Grant!;
        var (method, content) = (request.Method, request.Content);
        try
        {
            var response = await FollowRedirectsAsync(request, context, uri, lease.AccessToken, sent, cancellationToken).ConfigureAwait(false);
            var verdict = await (first ?? ProviderVerdict.ReadAsync(response, provider.Descriptor.Errors, cancellationToken)).ConfigureAwait(false);
            if (verdict.TokenRejected)
            {
                // Expired or revoked early: refresh (unless someone already did) and resend exactly once, to the first URL.
                LogTokenRejected(logger, provider.Id, grant.Id, Redact(verdict.Code, lease.AccessToken) ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                response.Dispose();
                (request.Method, request.Content) = (method, content);
                lease = await tokens.GetAsync(grant, provider, rejected: lease.AccessToken, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                context.Refreshed |= lease.Refreshed;
                response = await FollowRedirectsAsync(request, context, uri, lease.AccessToken,
                    SendWithCredential(request, provider, uri, lease.AccessToken, cancellationToken), cancellationToken).ConfigureAwait(false);
                verdict = await ProviderVerdict.ReadAsync(response, provider.Descriptor.Errors, cancellationToken).ConfigureAwait(false);
                if (verdict.TokenRejected)
                {
                    var status = context.FailedStatus = (int)response.StatusCode;
                    response.Dispose();
                    tokens.MarkReauthRequired(grant);
                    throw new ReauthRequiredException(
                        $"{provider.Descriptor.Name} rejected the token of grant {grant.Id} even after a refresh ({Redact(verdict.Code, lease.AccessToken) ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)}): the user must connect {provider.Descriptor.Name} again.",
                        grant.Id, provider.Id);
                }
            }
            if (!verdict.Ok)
            {
                await RedactBodyAsync(response, lease.AccessToken, cancellationToken).ConfigureAwait(false);
                verdict = verdict with { Code = Redact(verdict.Code, lease.AccessToken) };
            }
            context.Verdict = verdict;
            return response;
        }
        finally
        {
            // Back to the caller's request: its first URL and method, no credential (even after a followed redirect).
            RemoveCredential(request, provider, uri);
            (request.RequestUri, request.Method, request.Content) = (uri, method, content);
        }
    }

    /// <summary>
    /// Follows 301/302/303/307/308 only to the provider's own hosts, bounded, re-adding the credential only there. A redirect
    /// elsewhere is not followed and nothing goes there (<see cref="RedirectNotAllowedException"/>).
    /// </summary>
    private async Task<HttpResponseMessage> FollowRedirectsAsync(HttpRequestMessage request, CallContext context, Uri uri, string credential, Task<HttpResponseMessage> sent, CancellationToken cancellationToken)
    {
        var provider = context.ResolvedProvider;
        var response = await sent.ConfigureAwait(false);
        var current = uri;
        for (var hops = 0; IsRedirect(response) && response.Headers.Location is { } location && hops < MaxRedirects; hops++)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(current, location);
            var status = (int)response.StatusCode;
            if (!provider.Hosts.Allows(target))
            {
                response.Dispose();
                context.FailedStatus = status;
                LogRedirectRefused(logger, provider.Id, context.Grant!.Id, status, target.Host);
                throw new RedirectNotAllowedException(
                    $"{provider.Descriptor.Name} answered {status} with a redirect to {target.Scheme}://{target.Authority}, which is not one of its hosts ({string.Join(", ", provider.Hosts.Entries)}): it was not followed and the credential was not sent there.",
                    target.Authority, provider.Id, status);
            }
            (context.Redirects ??= []).Add((current, target, status));
            response.Dispose();
            // As browsers and HttpClient do: 303 (and 301/302 after a POST) turn into a GET without a body.
            if (status == 303 || (status is 301 or 302 && request.Method == HttpMethod.Post))
                (request.Method, request.Content) = (HttpMethod.Get, null);
            RemoveCredential(request, provider, current);
            current = target;
            response = await SendWithCredential(request, provider, current, credential, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    private static bool IsRedirect(HttpResponseMessage response)
        => response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Puts the credential on the request and sends it; <see cref="RemoveCredential"/> takes it off again.</summary>
    private Task<HttpResponseMessage> SendWithCredential(HttpRequestMessage request, ResolvedProvider provider, Uri uri, string credential, CancellationToken cancellationToken)
    {
        var placement = provider.Placement;
        if (string.Equals(placement.In, "query", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = WithQueryParameter(uri, placement.Name, placement.Prefix + credential);
        }
        else
        {
            request.RequestUri = uri;
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
    private static void RemoveCredential(HttpRequestMessage request, ResolvedProvider provider, Uri uriWithoutCredential)
    {
        if (string.Equals(provider.Placement.In, "query", StringComparison.OrdinalIgnoreCase)) request.RequestUri = uriWithoutCredential;
        else request.Headers.Remove(provider.Placement.Name);
    }

    private static Uri WithQueryParameter(Uri uri, string name, string value)
    {
        var builder = new UriBuilder(uri);
        var pair = Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? pair : builder.Query.TrimStart('?') + "&" + pair;
        return builder.Uri;
    }

    /// <summary>A provider that echoes the credential in its error text must not carry it into exceptions, audit rows or telemetry.</summary>
    internal static string? Redact(string? text, string credential)
        => text is not null && credential.Length > 0 && text.Contains(credential, StringComparison.Ordinal) ? text.Replace(credential, Redacted, StringComparison.Ordinal) : text;

    /// <summary>Replaces an error body that contains the credential (raw or URL-encoded) with a redacted copy; the failure path only.</summary>
    private static async Task RedactBodyAsync(HttpResponseMessage response, string credential, CancellationToken cancellationToken)
    {
        if (credential.Length == 0) return;
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var escaped = Uri.EscapeDataString(credential);
        if (!text.Contains(credential, StringComparison.Ordinal) && !text.Contains(escaped, StringComparison.Ordinal)) return;
        var redacted = new ByteArrayContent(Encoding.UTF8.GetBytes(text.Replace(credential, Redacted, StringComparison.Ordinal).Replace(escaped, Redacted, StringComparison.Ordinal)));
        foreach (var header in response.Content.Headers)
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) redacted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (redacted.Headers.ContentType is { } type) type.CharSet = "utf-8";
        response.Content.Dispose();
        response.Content = redacted;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Refused to send a {Provider} token (grant {GrantId}) to {Host}: not an allowed host")]
    private static partial void LogHostDenied(ILogger logger, string host, string provider, string grantId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "{Provider} rejected the token of grant {GrantId} ({Reason}); refreshing and retrying once")]
    private static partial void LogTokenRejected(ILogger logger, string provider, string grantId, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "{Provider} (grant {GrantId}) answered {Status} with a redirect to {Host}, not one of its hosts: not followed")]
    private static partial void LogRedirectRefused(ILogger logger, string provider, string grantId, int status, string host);
}
