using System.Runtime.CompilerServices;

namespace Alter.Typed.Paging;

/// <summary>
/// Walks an operation's pages behind a generated streamer (<c>slack.Conversations.ListAll(...)</c>): each page is a normal
/// call through the sender and the whole pipeline (audited, policy-checked, host-checked), and page N+1 is asked for only
/// when the consumer moves past the last item of page N.
/// </summary>
internal static class PageWalker
{
    public static async IAsyncEnumerable<TItem> WalkAsync<TRequest, TResponse, TItem>(
        OperationSender sender,
        ProviderClient client,
        OperationDescriptor operation,
        RequestArguments? arguments,
        TRequest? request,
        Func<TResponse, IEnumerable<TItem>?> items,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pagination = operation.Pagination ?? throw new ArgumentException($"Operation {operation.Id} declares no pagination.", nameof(operation));
        ArgumentNullException.ThrowIfNull(items);
        var paging = new PageState(pagination);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // Checked here, not only by the call: a cancelled walk must not send (nor audit) one more page.
            cancellationToken.ThrowIfCancellationRequested();
            // A copy per page: the request object writes its parameters into the arguments it is given.
            var page = await sender.SendAsync<TRequest, TResponse>(client, operation, arguments?.Copy(), request, cancellationToken, paging: paging).ConfigureAwait(false);
            var count = 0;
            foreach (var item in items(page) ?? [])
            {
                count++;
                yield return item;
            }

            if (pagination.Next(paging.Answer!, count) is not { } next) yield break;
            if (!seen.Add(next.Key))
                throw new AlterException($"{client.Descriptor.Name} answered {operation.Id} with a next page it had already given ({Describe(next)}): the walk stops rather than loop.");
            paging.Step = next;
        }
    }

    private static string Describe(PageStep step) => step.Url is { } url ? url.GetLeftPart(UriPartial.Path) : step.Parameter + " again";
}
