namespace Alter.Typed.OAuthTests.Support;

/// <summary>
/// An <c>AlterOptions.PrimaryHandler</c> that, the first time its app sends a refresh-token request, runs
/// <paramref name="beforeFirstRefresh"/> before letting the request go: the way to make "another process refreshed
/// first" happen deterministically between this app's vault read and its token request.
/// </summary>
internal sealed class RefreshGateHandler(Func<Task> beforeFirstRefresh) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _fired;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.Content is not null
            && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("grant_type=refresh_token", StringComparison.Ordinal)
            && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            await beforeFirstRefresh();
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
