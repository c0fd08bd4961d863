using Xunit;

namespace Alter.Typed.Tests.Pagination;

/// <summary>
/// What every convention's walk must show against the sandbox: every page is one sandbox request and one audited call of
/// the operation, and a cancelled walk sends no page after the one it was reading.
/// </summary>
internal static class PageWalkAssertions
{
    /// <summary>
    /// Reads the first page's <paramref name="firstPage"/> items, cancels, and checks the walk ends there: exactly one
    /// more request reached the sandbox and one audit row was written.
    /// </summary>
    public static async Task AssertCancellationStopsAfterFirstPageAsync<T>(TestWorld world, App app, string provider, string operation, Func<CancellationToken, IAsyncEnumerable<T>> walk, int firstPage)
    {
        int requestsBefore = world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == provider);
        using var cancel = new CancellationTokenSource();
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in walk(cancel.Token))
            {
                if (++read == firstPage) await cancel.CancelAsync();
            }
        });

        Assert.Equal(firstPage, read);
        Assert.Equal(requestsBefore + 1, world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == provider));
        Assert.Single(await RowsAsync(app, provider, operation));
    }

    /// <summary>Walks to the end and checks the items, then that each of <paramref name="pages"/> pages was a request and an audited ok call (beyond the ones before).</summary>
    public static async Task AssertWalkAsync<T>(TestWorld world, App app, string provider, string operation, IAsyncEnumerable<T> walk, Func<T, string> name, string[] expected, int pages)
    {
        int requestsBefore = world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == provider);
        int rowsBefore = (await RowsAsync(app, provider, operation)).Count;
        var seen = new List<string>();
        await foreach (var item in walk) seen.Add(name(item));

        Assert.Equal(expected, seen);
        var requests = world.Sandbox.State.ApiRequests.Where(r => r.ProviderId == provider).Skip(requestsBefore).ToList();
        Assert.Equal(pages, requests.Count);
        Assert.All(requests, r => Assert.Equal(200, r.StatusCode));
        var rows = (await RowsAsync(app, provider, operation)).Skip(rowsBefore).ToList();
        Assert.Equal(pages, rows.Count);
        Assert.All(rows, r => Assert.Equal(("ok", 200), (r.Outcome, r.Status)));
    }

    /// <summary>Enumerates <paramref name="source"/> with the token given to <c>WithCancellation</c> (not to the streamer).</summary>
    public static async IAsyncEnumerable<T> ThroughWithCancellation<T>(IAsyncEnumerable<T> source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        await foreach (var item in source.WithCancellation(token)) yield return item;
    }

    /// <summary>The operation's audit rows, oldest first.</summary>
    public static async Task<List<AuditRecord>> RowsAsync(App app, string provider, string operation)
        => [.. (await app.Audit(new AuditQuery { Provider = provider })).Where(r => r.Operation == operation).OrderBy(r => r.Id)];
}
