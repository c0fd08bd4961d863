using Alter.Typed;
using Alter.Typed.Http;
using Alter.Typed.Slack;

namespace Alter.Cli.Tests;

/// <summary><c>approvals list|show|approve|deny</c>: a call an app's policy held is listed, shown, approved by the tool, then goes through once.</summary>
public sealed class ApprovalsCommandTests
{
    [Fact]
    public async Task A_held_call_is_listed_shown_and_approved_by_the_tool_then_goes_through_once()
    {
        await using var world = await CliWorld.StartAsync(sandbox: true);
        var key = await world.CreateAppWithKeyAsync();
        await world.ConfigureSandboxSlackAsync();
        await world.ConnectSlackAsync(key);
        var options = new AlterOptions { HomeDirectory = world.Home };
        options.Policies.Add(new AccessPolicyEnforcer(AccessPolicy.Create("approve posts").Allow("slack:*").RequireApproval(SlackOperations.ChatPostMessage).Build()));
        await using var app = new App(key, options);
        Task<ChatPostMessageResponse> Post() => app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "ship it from the cli" });

        var held = await Assert.ThrowsAsync<ApprovalPendingException>(Post);
        var sent = world.Sandbox!.State.ApiRequests.Count;

        var list = await world.RunAsync("approvals", "list", "--status", "pending", "--key", key, "-o", "json");
        list.AssertOk();
        var row = Assert.Single(list.Json.EnumerateArray());
        Assert.Equal((held.ApprovalId, "pending", "slack:chat.postMessage"), (row.GetProperty("id").GetString(), row.GetProperty("status").GetString(), row.GetProperty("operation").GetString()));
        var show = await world.RunAsync("approvals", "show", held.ApprovalId, "--key", key, "-o", "json");
        show.AssertOk();
        Assert.Contains("ship it from the cli", show.Json.GetProperty("body").GetString(), StringComparison.Ordinal);
        var table = await world.RunAsync("approvals", "list", "--key", key);
        table.AssertOk();
        Assert.Contains(held.ApprovalId, table.Output, StringComparison.Ordinal);

        (await world.RunAsync("approvals", "list", "--status", "maybe", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        (await world.RunAsync("approvals", "approve", held.ApprovalId, "--key", key)).AssertOneLineError(ExitCodes.BadInput);   // --by is required
        (await world.RunAsync("approvals", "deny", "apr_unknown", "--by", "ops", "--key", key)).AssertOneLineError(ExitCodes.NotFound);
        var approved = await world.RunAsync("approvals", "approve", held.ApprovalId, "--by", "ops@example.com", "--key", key, "-o", "json");
        approved.AssertOk();
        Assert.Equal(("approved", "ops@example.com"), (approved.Json.GetProperty("status").GetString(), approved.Json.GetProperty("decidedBy").GetString()));
        var again = (await world.RunAsync("approvals", "deny", held.ApprovalId, "--by", "someone", "--key", key)).AssertOneLineError(ExitCodes.BadInput);
        Assert.Contains("already approved", again, StringComparison.Ordinal);
        Assert.Equal(sent, world.Sandbox.State.ApiRequests.Count);                        // deciding sends nothing

        Assert.True((await Post()).Ok);
        Assert.Equal(sent + 1, world.Sandbox.State.ApiRequests.Count);
        await Assert.ThrowsAsync<ApprovalPendingException>(Post);                          // used up
        var used = await world.RunAsync("approvals", "show", held.ApprovalId, "--key", key, "-o", "json");
        Assert.Equal("used", used.Json.GetProperty("status").GetString());
    }
}
