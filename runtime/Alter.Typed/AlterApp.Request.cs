using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Alter.Typed.Http;

namespace Alter.Typed;

// The untyped escape hatch: Request(...) under a grant or a delegation, mapped to its described operation when it has one.
public abstract partial class AlterApp
{
    /// <summary>
    /// Calls a provider URL directly, under a grant, through the same pipeline as typed calls (token injection,
    /// refresh, host check, audit). The provider is the grant's; a relative <paramref name="url"/> is resolved against its API base URL.
    /// The method and URL are mapped through the provider's description to the one operation they call: the call is then
    /// audited and policy-checked by that operation's id (<c>chat.postMessage</c>), like a typed call. A request that maps
    /// to none (an undescribed path, an encoded slash, a dot segment, a case or trailing-slash difference, another host)
    /// is audited as <c>METHOD /path</c>, and an access policy denies it (<see cref="PolicyRules.UnknownOperation"/>).
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">An absolute URL on one of the provider's hosts, or a path relative to its API base URL.</param>
    /// <param name="grantId">
    /// The grant to act under: one the call's principal owns (<see cref="AlterOptions.PrincipalSource"/>, the user token,
    /// else the app). An app opened with an agent key may pass a delegation id (<c>dlg_…</c>) made to it instead: the call
    /// then acts for the user who delegated, under the delegated grant, rechecked as typed calls through the delegation are.
    /// </param>
    /// <param name="content">The body to send, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's response; the caller disposes it. It does not carry the token.</returns>
    /// <exception cref="HostNotAllowedException">The URL's host is not one of the provider's; nothing was sent.</exception>
    /// <exception cref="GrantNotFoundException">No such grant, or not the principal's (the same error).</exception>
    public Task<HttpResponseMessage> Request(HttpMethod method, string url, string grantId, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        return SendUntypedAsync(method, url, grantId, content, null, cancellationToken);
    }

    /// <summary>As <see cref="Request(HttpMethod, string, string, HttpContent?, CancellationToken)"/>, with a JSON body serialized by <paramref name="jsonTypeInfo"/> (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">An absolute URL on one of the provider's hosts, or a path relative to its API base URL.</param>
    /// <param name="grantId">The grant to act under.</param>
    /// <param name="json">The body.</param>
    /// <param name="jsonTypeInfo">Its serializer metadata (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's response; the caller disposes it. It does not carry the token.</returns>
    public Task<HttpResponseMessage> Request<T>(HttpMethod method, string url, string grantId, T json, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        return Request(method, url, grantId, JsonContent.Create(json, jsonTypeInfo), cancellationToken);
    }

    /// <summary>
    /// As <see cref="Request(HttpMethod, string, string, HttpContent?, CancellationToken)"/>, with a body serialized as JSON
    /// by reflection with the provider's naming policy. Not trimming- or AOT-safe: use the <see cref="JsonTypeInfo{T}"/>
    /// overload there.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">An absolute URL on one of the provider's hosts, or a path relative to its API base URL.</param>
    /// <param name="grantId">The grant to act under.</param>
    /// <param name="json">A body to send as JSON, or null (a call without a body needs no reflection: omit the argument).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's response; the caller disposes it. It does not carry the token.</returns>
    /// <exception cref="HostNotAllowedException">The URL's host is not one of the provider's; nothing was sent.</exception>
    [RequiresUnreferencedCode("Serializes the body by reflection; use the overload taking a JsonTypeInfo<T> or an HttpContent.")]
    [RequiresDynamicCode("Serializes the body by reflection; use the overload taking a JsonTypeInfo<T> or an HttpContent.")]
    public Task<HttpResponseMessage> Request(HttpMethod method, string url, string grantId, object? json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        return SendUntypedAsync(method, url, grantId, null, json, cancellationToken);
    }

    /// <summary>
    /// An untyped call: whom it acts for decided and its grant found once, among that principal's own (the pipeline
    /// does not look again), then sent. The provider is the grant's, so nothing is known before the grant is.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection serialization happens only for the object? overload, which carries RequiresUnreferencedCode.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reflection serialization happens only for the object? overload, which carries RequiresDynamicCode.")]
    private async Task<HttpResponseMessage> SendUntypedAsync(HttpMethod method, string url, string grantId, HttpContent? content, object? json, CancellationToken cancellationToken)
    {
        var services = Services;
        var started = _time.GetTimestamp();
        Principal? principal = services.Principals.Agent; // an agent's refused call is audited as the agent's
        GrantInfo grant;
        // A delegation id where a grant id goes: the agent names the delegation explicitly, which decides the grant.
        var delegationId = grantId.StartsWith(global::Alter.Typed.Delegations.DelegationStore.IdPrefix, StringComparison.Ordinal) ? grantId : null;
        Delegation? delegation = null;
        try
        {
            if (delegationId is not null)
            {
                if (principal is not null) services.Principals.Named(principal); // refused with principal sources, as without a delegation
                (delegation, grant) = services.Grants.CheckDelegation(delegationId, _time.GetUtcNow());
                principal = delegation.User;
            }
            else
            {
                principal = await services.Principals.ResolveAsync(null, cancellationToken).ConfigureAwait(false);
                grant = services.Grants.Find(principal, grantId);
            }
        }
        catch (AlterException e)
        {
            // Refused before the provider is known (it is the grant's): audited with an empty provider, nothing sent.
            var path = Uri.TryCreate(url, UriKind.Absolute, out var given) ? given.AbsolutePath : "/" + url.Split('?', '#')[0].TrimStart('/');
            await OperationSender.AuditRefusalAsync(new AuditLogSink(services.Audit), _time, started, Caller, principal, "", $"{method.Method} {path}", method, e, delegationId).ConfigureAwait(false);
            throw;
        }
        var provider = Provider(grant.Provider);
        var bound = services.Grants.ForGrant(provider, grant);
        var uri = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute : new Uri(bound.ApiBaseUri, url.TrimStart('/'));
        // Mapped through the description to the one operation it calls, the request is audited and policy-checked by
        // that operation's id like a typed call; one that maps to none keeps "METHOD /path" and a policy denies it.
        var context = bound.IsBound && Http.UntypedOperationMap.For(provider.Descriptor).Match(method, url, uri, bound.ApiBaseUri) is { } operation
            ? new CallContext(Info, provider, grant.Id, operation.Id, typed: true, caller: Caller) { OperationScopes = operation.Scopes }
            : new CallContext(Info, provider, grant.Id, $"{method.Method} {uri.AbsolutePath}", typed: false, caller: Caller);
        context.DelegationId = delegationId;
        context.Delegation = delegation;
        context.Resolve(principal, grant, bound);
        if (json is not null) content = JsonContent.Create(json, json.GetType(), options: bound.Json);
        return await Sender.SendRawAsync(method, uri, content, context, cancellationToken).ConfigureAwait(false);
    }
}
