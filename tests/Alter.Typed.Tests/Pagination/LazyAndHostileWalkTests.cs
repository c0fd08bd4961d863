using Xunit;
using static Alter.Typed.Tests.Pagination.PageWalkAssertions;

namespace Alter.Typed.Tests.Pagination;

/// <summary>
/// A streamer fetches page N+1 only when the consumer moves past page N; a next page on a foreign host gets no credential
/// and ends the walk with <see cref="HostNotAllowedException"/>; a provider repeating a page ends it instead of looping.
/// </summary>
public sealed class LazyAndHostileWalkTests
{
    [Fact]
    public async Task The_next_page_is_fetched_only_when_the_consumer_moves_past_the_last_item()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var slack = app.Slack.WithGrant(await CatalogCalls.ConnectAsync(app, "slack"));
        int Requests() => world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == "slack");

        var channels = slack.Conversations.ListAll(new() { Limit = 2 });
        Assert.Equal(0, Requests());
        await using var walk = channels.GetAsyncEnumerator();
        Assert.Equal(0, Requests());                                   // nothing until the first MoveNextAsync

        Assert.True(await walk.MoveNextAsync());
        Assert.Equal(("general", 1), (walk.Current.Name, Requests()));
        Assert.True(await walk.MoveNextAsync());
        Assert.Equal(("random", 1), (walk.Current.Name, Requests())); // the last item of page 1: page 2 not asked yet
        await Task.Delay(100);
        Assert.Equal(1, Requests());                                   // nor in the background
        Assert.True(await walk.MoveNextAsync());
        Assert.Equal(("dev", 2), (walk.Current.Name, Requests()));     // moving past it asks for page 2
        Assert.Equal(2, (await RowsAsync(app, "slack", "conversations.list")).Count);
    }

    [Fact]
    public async Task A_graph_next_link_to_a_foreign_host_gets_no_credential_and_ends_the_walk()
    {
        await using var world = await TestWorld.StartAsync();
        var sandboxAuthority = world.Sandbox.Provider("microsoft").Authority;
        world.Options.PrimaryHandler = new TamperingHandler(world.Wire, async (request, response) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/me/messages", StringComparison.Ordinal))
                await TamperingHandler.EditJsonAsync(response, json => json["@odata.nextLink"] = json["@odata.nextLink"]!.GetValue<string>().Replace("http://" + sandboxAuthority, "https://attacker.example", StringComparison.Ordinal));
        });
        await using var app = world.OpenApp();
        var graph = app.MicrosoftGraph.WithGrant(await CatalogCalls.ConnectAsync(app, "microsoft")).Me;

        var subjects = new List<string>();
        var refused = await Assert.ThrowsAsync<HostNotAllowedException>(async () =>
        {
            await foreach (var message in graph.ListMessagesAll(new() { Top = 1 })) subjects.Add(message.Subject!);
        });

        Assert.Equal(["Quarterly numbers"], subjects);                 // page 1 was read, then the walk stopped
        Assert.Contains("attacker.example", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", refused.Message, StringComparison.Ordinal);
        AssertNothingWentTo(world, "attacker.example");
        var rows = await RowsAsync(app, "microsoft", "me.ListMessages");
        Assert.Equal([("ok", sandboxAuthority), ("denied:host_not_allowed", "attacker.example")], rows.Select(r => (r.Outcome, r.Host)));
    }

    [Fact]
    public async Task A_github_link_header_to_a_foreign_host_gets_no_credential_and_ends_the_walk()
    {
        await using var world = await TestWorld.StartAsync();
        var sandboxAuthority = world.Sandbox.Provider("github").Authority;
        world.Options.PrimaryHandler = new TamperingHandler(world.Wire, (request, response) =>
        {
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = string.Join(", ", links).Replace("http://" + sandboxAuthority, "http://evil.example:" + sandboxAuthority.Split(':')[1], StringComparison.Ordinal);
                response.Headers.Remove("Link");
                response.Headers.TryAddWithoutValidation("Link", link);
            }

            return Task.CompletedTask;
        });
        await using var app = world.OpenApp();
        var github = app.GitHub.WithGrant(await CatalogCalls.ConnectAsync(app, "github"));

        var numbers = new List<long>();
        var refused = await Assert.ThrowsAsync<HostNotAllowedException>(async () =>
        {
            await foreach (var issue in github.Issues.ListForRepoAll("octo-sandbox", "hello-world", new() { PerPage = 2 })) numbers.Add(issue.Number);
        });

        Assert.Equal([5, 4], numbers);
        Assert.Contains("evil.example", refused.Message, StringComparison.Ordinal);
        AssertNothingWentTo(world, "evil.example");
        Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == "github");
        Assert.Equal(["ok", "denied:host_not_allowed"], (await RowsAsync(app, "github", "issues/list-for-repo")).Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_provider_that_answers_the_same_cursor_again_ends_the_walk_instead_of_looping()
    {
        await using var world = await TestWorld.StartAsync();
        string? firstCursor = null;
        world.Options.PrimaryHandler = new TamperingHandler(world.Wire, async (request, response) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/conversations.list", StringComparison.Ordinal))
                await TamperingHandler.EditJsonAsync(response, json =>
                {
                    var metadata = json["response_metadata"]!.AsObject();
                    firstCursor ??= metadata["next_cursor"]!.GetValue<string>();
                    metadata["next_cursor"] = firstCursor;            // every page points back at page 2
                });
        });
        await using var app = world.OpenApp();
        var slack = app.Slack.WithGrant(await CatalogCalls.ConnectAsync(app, "slack"));

        var names = new List<string>();
        var stopped = await Assert.ThrowsAsync<AlterException>(async () =>
        {
            await foreach (var channel in slack.Conversations.ListAll(new() { Limit = 1 })) names.Add(channel.Name!);
        });

        Assert.Equal(["general", "random"], names);
        Assert.Contains("already given", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(2, world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == "slack"));
    }

    private static void AssertNothingWentTo(TestWorld world, string host)
        => Assert.DoesNotContain(world.Wire.Sent, sent => sent.Uri.Host == host);
}
