namespace Alter.Typed.Http;

/// <summary>
/// Establishes who calls, for whom, and under which grant: re-checks the app's API key when its interval has passed
/// (<see cref="Apps.ApiKeyGuard"/>), decides the principal and resolves the call's grant once (a cached read at most)
/// and binds the provider to it; refuses a grant that needs re-authorization. With no principal source configured all
/// of this is synchronous: no async frame of its own.
/// </summary>
internal sealed class CallContextHandler(ICallContextResolver grants, Apps.ApiKeyGuard? key) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = AlterPipeline.ContextOf(request);
        key?.Check(context.TimestampOr(key.Time));
        var resolving = grants.ResolveAsync(context, cancellationToken);
        return resolving.IsCompletedSuccessfully ? Continue(context, request, cancellationToken) : ResolveThenSendAsync(resolving, context, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> ResolveThenSendAsync(ValueTask resolving, CallContext context, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await resolving.ConfigureAwait(false);
        return await Continue(context, request, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> Continue(CallContext context, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var grant = context.Grant!;
        if (grant.Status == GrantStatus.ReauthRequired)
            throw new ReauthRequiredException($"The {context.Provider.Name} grant {grant.Id} needs re-authorization: connect {context.Provider.Name} again.", grant.Id, context.Provider.Id);
        // No post-processing: hand back the inner task, no async frame of its own.
        return base.SendAsync(request, cancellationToken);
    }
}
