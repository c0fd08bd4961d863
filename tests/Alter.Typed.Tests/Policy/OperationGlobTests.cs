using Xunit;

namespace Alter.Typed.Tests.Policy;

/// <summary>The glob syntax of <see cref="AccessPolicyBuilder.Allow"/>: <c>provider:operationId</c>, <c>*</c> within a segment.</summary>
public sealed class OperationGlobTests
{
    [Theory]
    [InlineData("slack:chat.postMessage", "slack", "chat.postMessage", true)]
    [InlineData("slack:chat.*", "slack", "chat.postMessage", true)]
    [InlineData("slack:chat.*", "slack", "chat.", true)]                       // '*' may be empty
    [InlineData("slack:chat.*", "slack", "chat", false)]                       // the dot is literal
    [InlineData("slack:chat.*", "slack", "chatXpostMessage", false)]           // and not a regex wildcard
    [InlineData("slack:chat*", "slack", "chat.postMessage", true)]             // '*' crosses '.'
    [InlineData("slack:*", "slack", "auth.test", true)]
    [InlineData("slack:*", "github", "auth.test", false)]
    [InlineData("*:*", "github", "issues/create", true)]
    [InlineData("github:issues/*", "github", "issues/create", true)]
    [InlineData("github:issues/*", "github", "users/get-authenticated", false)]
    [InlineData("slack:chat.postmessage", "slack", "chat.postMessage", false)] // case-sensitive
    [InlineData("Slack:chat.postMessage", "slack", "chat.postMessage", false)]
    [InlineData("slack:*.postMessage", "slack", "chat.postMessage", true)]
    [InlineData("slack:c*t.*M*e", "slack", "chat.postMessage", true)]          // several stars, backtracking
    [InlineData("slack:c*t.*M*x", "slack", "chat.postMessage", false)]
    [InlineData("slack:chat.postMessage", "slack", "chat.postMessage2", false)] // no implicit trailing '*'
    [InlineData("slack:hat.postMessage", "slack", "chat.postMessage", false)]  // nor leading
    [InlineData("sl*:chat.postMessage", "slack", "chat.postMessage", true)]
    [InlineData("google-*:*", "google-calendar", "calendar.events.delete", true)]
    [InlineData("*:*", "acme", "v1:batch", false)]                             // '*' does not cross ':'
    [InlineData("acme:*:*", "acme", "v1:batch", true)]
    [InlineData("acme:v1:*", "acme", "v1:batch", true)]
    [InlineData("acme:v1:*", "acme", "v1", false)]
    [InlineData("acme:*", "acme", "v1:batch", false)]
    public void Globs_match_per_segment(string glob, string provider, string operation, bool expected)
    {
        var policy = AccessPolicy.Create("test").Allow(glob).Build();

        Assert.Equal(expected, policy.AllowsOperation(provider + ":" + operation));
    }

    [Theory]
    [InlineData("*")]                  // no provider segment: ambiguous, refused
    [InlineData("chat.postMessage")]
    [InlineData(":chat.postMessage")]
    [InlineData("slack:")]
    [InlineData("slack::x")]
    [InlineData("")]
    [InlineData("slack:chat.\npostMessage")]
    [InlineData("slack:chat.\u2028postMessage")]
    public void Malformed_globs_are_refused_when_the_policy_is_built(string glob)
        => Assert.Throws<ArgumentException>(() => AccessPolicy.Create("test").Allow(glob));

    [Fact]
    public void An_empty_policy_allows_no_operation()
    {
        var policy = AccessPolicy.Create("empty").Build();

        Assert.Empty(policy.Allowed);
        Assert.False(policy.AllowsOperation("slack:chat.postMessage"));
        Assert.False(policy.AllowsOperation("chat.postMessage"));
    }

    [Fact]
    public void Generated_constants_hold_the_policy_id()
    {
        Assert.Equal("slack:chat.postMessage", Alter.Typed.Slack.SlackOperations.ChatPostMessage);
        Assert.Equal("github:issues/create", Alter.Typed.GitHub.GitHubOperations.IssuesCreate);
        Assert.True(AccessPolicy.Create("t").Allow(Alter.Typed.Slack.SlackOperations.ChatPostMessage).Build().AllowsOperation("slack:chat.postMessage"));
    }

    [Fact]
    public void Builder_arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => AccessPolicy.Create(""));
        Assert.Throws<ArgumentException>(() => AccessPolicy.Create("a\nb"));
        Assert.Throws<ArgumentOutOfRangeException>(() => AccessPolicy.Create("t").RateLimit(0, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AccessPolicy.Create("t").RateLimit(1, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => AccessPolicy.Create("t").AllowScopes(""));
        Assert.Throws<ArgumentException>(() => new TimeWindow(TimeZoneInfo.Utc, new(9, 0), new(17, 0)));
    }
}
