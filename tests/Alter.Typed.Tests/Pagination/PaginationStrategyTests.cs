using System.Text.Json;
using PageRule = Alter.Typed.Generated.Pagination;
using Alter.Typed.Paging;
using Xunit;

namespace Alter.Typed.Tests.Pagination;

/// <summary>Each convention's next-page rule on its own: what it reads from an answer and when it stops.</summary>
public sealed class PaginationStrategyTests
{
    private static readonly Uri Page1 = new("https://api.example.test/v1/items?limit=2");

    private static PageAnswer Answer(string json, Uri? uri = null, PageStep? sent = null, params string[] links)
        => new(uri ?? Page1, links, JsonDocument.Parse(json).RootElement.Clone(), sent);

    [Fact]
    public void A_cursor_is_read_at_its_pointer_and_sent_back_as_the_parameter()
    {
        var slack = PageRule.Cursor("cursor", inBody: false, "/response_metadata/next_cursor");

        var next = slack.Next(Answer("""{ "response_metadata": { "next_cursor": "dGVhbTpDMDYx" } }"""), itemCount: 2);

        Assert.Equal(("cursor", "dGVhbTpDMDYx", false, (Uri?)null), (next!.Parameter, next.Value, next.InBody, next.Url));
        Assert.Null(slack.Next(Answer("""{ "response_metadata": { "next_cursor": "" } }"""), 2));   // Slack's last page
        Assert.Null(slack.Next(Answer("""{ "ok": true }"""), 2));
        Assert.Null(slack.Next(Answer("""{ "response_metadata": { "next_cursor": 7 } }"""), 2));
    }

    [Fact]
    public void Has_more_false_ends_a_cursor_walk_even_with_a_cursor()
    {
        var notion = PageRule.Cursor("start_cursor", inBody: true, "/next_cursor", "/has_more");

        Assert.Equal("abc", notion.Next(Answer("""{ "next_cursor": "abc", "has_more": true }"""), 1)!.Value);
        Assert.True(notion.Next(Answer("""{ "next_cursor": "abc", "has_more": true }"""), 1)!.InBody);
        Assert.Null(notion.Next(Answer("""{ "next_cursor": "abc", "has_more": false }"""), 1));
        Assert.Null(notion.Next(Answer("""{ "next_cursor": "abc" }"""), 1));
    }

    [Fact]
    public void A_pointer_unescapes_tilde_and_slash_and_reads_only_through_objects()
    {
        var pointer = new JsonPointer("/@odata.nextLink");
        Assert.Equal("x", pointer.String(JsonDocument.Parse("""{ "@odata.nextLink": "x" }""").RootElement));
        Assert.Equal("y", new JsonPointer("/a~1b/c~0d").String(JsonDocument.Parse("""{ "a/b": { "c~d": "y" } }""").RootElement));
        Assert.Null(new JsonPointer("/a/b").Find(JsonDocument.Parse("""{ "a": [ { "b": 1 } ] }""").RootElement));
        Assert.Throws<ArgumentException>(() => new JsonPointer("a/b"));
        Assert.Throws<ArgumentException>(() => new JsonPointer("/a~2"));
    }

    [Theory]
    [InlineData("""<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last" """, "https://api.github.com/repositories/1/issues?page=2")]
    [InlineData("""<https://gitlab.example/api/v4/projects?page=1>; rel="first", <https://gitlab.example/api/v4/projects?page=3>; rel="next" """, "https://gitlab.example/api/v4/projects?page=3")]
    [InlineData("""<https://x.test/a?b=1,2>; rel="prev next" """, "https://x.test/a?b=1,2")]
    [InlineData("""<https://x.test/a>; title="next"; rel=next""", "https://x.test/a")]
    [InlineData("""<https://x.test/a>; rel="prev", <https://x.test/b>; rel="last" """, null)]
    [InlineData("""garbage""", null)]
    public void The_link_header_yields_its_rel_next_target(string header, string? expected)
        => Assert.Equal(expected, LinkHeaderPagination.NextOf(header));

    [Fact]
    public void A_relative_link_is_resolved_against_the_page_and_no_next_link_ends_the_walk()
    {
        var link = PageRule.LinkHeader();

        Assert.Equal("https://api.example.test/v1/items?page=2", link.Next(Answer("{}", links: "</v1/items?page=2>; rel=\"next\""), 2)!.Url!.AbsoluteUri);
        Assert.Null(link.Next(Answer("{}", links: "</v1/items?page=1>; rel=\"prev\""), 2));
        Assert.Null(link.Next(Answer("{}"), 2));
    }

    [Fact]
    public void A_next_link_is_followed_as_given_until_the_answer_has_none()
    {
        var graph = PageRule.NextLink("/@odata.nextLink");

        Assert.Equal("https://graph.microsoft.com/v1.0/me/messages?$skip=10", graph.Next(Answer("""{ "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/messages?$skip=10" }"""), 10)!.Url!.OriginalString);
        Assert.Null(graph.Next(Answer("""{ "value": [] }"""), 0));
    }

    [Fact]
    public void An_offset_advances_by_the_items_held_and_stops_at_a_short_page_the_total_or_an_empty_page()
    {
        var spotify = PageRule.Offset("offset", "limit", "/total");

        var second = spotify.Next(Answer("""{ "total": 5 }"""), itemCount: 2);
        Assert.Equal(("offset", "2"), (second!.Parameter, second.Value));
        var third = spotify.Next(Answer("""{ "total": 5 }""", new Uri(Page1 + "&offset=2"), second), itemCount: 2);
        Assert.Equal("4", third!.Value);
        Assert.Null(spotify.Next(Answer("""{ "total": 5 }""", new Uri(Page1 + "&offset=4"), third), itemCount: 1));   // short page
        Assert.Null(spotify.Next(Answer("""{ "total": 4 }""", new Uri(Page1 + "&offset=2"), second), itemCount: 2));  // reached the total
        Assert.Null(spotify.Next(Answer("""{ }"""), itemCount: 0));                                                     // empty page
        Assert.Equal("12", PageRule.Offset("offset").Next(Answer("{}", new Uri("https://x.test/a?offset=10")), 2)!.Value); // no limit, no total: the caller's offset
    }
}
