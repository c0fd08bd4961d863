using System.Text.Json;
using Xunit;
using static Alter.Typed.Tests.Pagination.PageWalkAssertions;

namespace Alter.Typed.Tests.Pagination;

/// <summary>
/// Each pagination convention of the catalog, walked through its generated streamer against the sandbox: at least three
/// pages, each an audited call, and a cancellation that stops the walk.
/// </summary>
public sealed class PaginationSandboxTests
{
    [Fact]
    public async Task Slack_cursor_walks_conversations_list()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var slack = app.Slack.WithGrant(await CatalogCalls.ConnectAsync(app, "slack"));

        // The token through WithCancellation, as await foreach passes it.
        await AssertCancellationStopsAfterFirstPageAsync(world, app, "slack", "conversations.list", token => ThroughWithCancellation(slack.Conversations.ListAll(new() { Limit = 1 }), token), firstPage: 1);
        await AssertWalkAsync(world, app, "slack", "conversations.list", slack.Conversations.ListAll(new() { Limit = 1 }), c => c.Name!, ["general", "random", "dev", "support", "old-project"], pages: 5);
        Assert.Contains(world.Sandbox.State.ApiRequests, r => r.PathAndQuery.Contains("cursor=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GitHub_link_header_walks_issues_list_for_repo()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var github = app.GitHub.WithGrant(await CatalogCalls.ConnectAsync(app, "github"));

        await AssertCancellationStopsAfterFirstPageAsync(world, app, "github", "issues/list-for-repo", token => github.Issues.ListForRepoAll("octo-sandbox", "hello-world", new() { PerPage = 2 }, token), firstPage: 2);
        await AssertWalkAsync(world, app, "github", "issues/list-for-repo", github.Issues.ListForRepoAll("octo-sandbox", "hello-world", new() { PerPage = 2 }), i => i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ["5", "4", "3", "2", "1"], pages: 3);
        // Pages 2 and 3 are the Link header's URLs, kept as GitHub wrote them.
        Assert.Equal(["per_page=2", "per_page=2&page=2", "per_page=2&page=3"], world.Sandbox.State.ApiRequests.TakeLast(3).Select(r => r.PathAndQuery.Split('?')[1]));
    }

    [Fact]
    public async Task Google_page_token_walks_drive_files_list()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var drive = app.GoogleDrive.WithGrant(await CatalogCalls.ConnectAsync(app, "google-drive"));

        await AssertCancellationStopsAfterFirstPageAsync(world, app, "google-drive", "drive.files.list", token => drive.Files.ListAll(new() { PageSize = 1 }, token), firstPage: 1);
        await AssertWalkAsync(world, app, "google-drive", "drive.files.list", drive.Files.ListAll(new() { PageSize = 1 }), f => f.Name!, ["Projects", "Quarterly report", "photo.jpg"], pages: 3);
        Assert.Contains(world.Sandbox.State.ApiRequests, r => r.PathAndQuery.Contains("pageToken=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notion_start_cursor_in_the_body_walks_search_while_has_more()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var notion = app.Notion.WithGrant(await CatalogCalls.ConnectAsync(app, "notion"));

        await AssertCancellationStopsAfterFirstPageAsync(world, app, "notion", "post-search", token => notion.Search.QueryAll(new() { PageSize = 2 }, token), firstPage: 2);
        await AssertWalkAsync(world, app, "notion", "post-search", notion.Search.QueryAll(new() { PageSize = 2 }), Title,
            ["Engine notes", "Meeting minutes", "Reading list", "Travel plans", "Engine sketches"], pages: 3);
        // The caller's filter goes with every page, next to the cursor.
        await AssertWalkAsync(world, app, "notion", "post-search", notion.Search.QueryAll(new() { Query = "engine", PageSize = 1 }), Title, ["Engine notes", "Engine sketches"], pages: 2);

        static string Title(JsonElement page) => page.GetProperty("properties").GetProperty("title").GetProperty("title")[0].GetProperty("plain_text").GetString()!;
    }

    [Fact]
    public async Task Graph_next_link_walks_me_messages()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var graph = app.MicrosoftGraph.WithGrant(await CatalogCalls.ConnectAsync(app, "microsoft")).Me;
        await graph.SendMail(new() { Message = new() { Subject = "Notes on the engine", ToRecipients = [new() { EmailAddress = new() { Address = "charles@example.com" } }] } });

        await AssertCancellationStopsAfterFirstPageAsync(world, app, "microsoft", "me.ListMessages", token => graph.ListMessagesAll(new() { Top = 1 }, token), firstPage: 1);
        await AssertWalkAsync(world, app, "microsoft", "me.ListMessages", graph.ListMessagesAll(new() { Top = 1 }), m => m.Subject!, ["Notes on the engine", "Quarterly numbers", "Lunch on Friday?"], pages: 3);
    }

    [Fact]
    public async Task Box_marker_walks_folder_items_with_usemarker_on_every_page()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var box = app.Box.WithGrant(await CatalogCalls.ConnectAsync(app, "box"));
        await box.Folders.Create(new() { Name = "Archive", Parent = new() { Id = "0" } });

        await AssertCancellationStopsAfterFirstPageAsync(world, app, "box", "get_folders_id_items", token => box.Folders.ListItemsAll("0", new() { Limit = 1 }, token), firstPage: 1);
        await AssertWalkAsync(world, app, "box", "get_folders_id_items", box.Folders.ListItemsAll("0", new() { Limit = 1 }), i => i.Name!, ["Archive", "Projects", "Quarterly report.pdf"], pages: 3);
        Assert.All(world.Sandbox.State.ApiRequests.Where(r => r.PathAndQuery.Contains("/items", StringComparison.Ordinal)), r => Assert.Contains("usemarker=true", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spotify_offset_walks_my_playlists_until_the_total()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var spotify = app.Spotify.WithGrant(await CatalogCalls.ConnectAsync(app, "spotify"));

        await AssertCancellationStopsAfterFirstPageAsync(world, app, "spotify", "get-a-list-of-current-users-playlists", token => spotify.Playlists.ListMineAll(new() { Limit = 2 }, token), firstPage: 2);
        await AssertWalkAsync(world, app, "spotify", "get-a-list-of-current-users-playlists", spotify.Playlists.ListMineAll(new() { Limit = 2 }), p => p.Name!,
            ["Morning focus", "Engine room", "Difference engine demos", "Analytical jazz", "Road trip"], pages: 3);
        Assert.Equal(["limit=2", "limit=2&offset=2", "limit=2&offset=4"], world.Sandbox.State.ApiRequests.TakeLast(3).Select(r => r.PathAndQuery.Split('?')[1]));
    }
}
