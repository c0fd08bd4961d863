using System.Text.Json;
using System.Text.RegularExpressions;
using Alter.Typed.GitHub;
using Alter.Typed.Http;
using Alter.Typed.Slack;
using Alter.Typed.Tests;
using Microsoft.Extensions.AI;
using Xunit;

namespace Alter.Typed.AI.Tests;

/// <summary>
/// Acceptance 4 of issue 13: the app's typed operations as AIFunctions, driven by a scripted chat client (no model)
/// behind the real <see cref="FunctionInvokingChatClient"/>, against the sandbox on 127.0.0.1 and a real SQLite audit log.
/// </summary>
public sealed class AlterToolsTests
{
    private const string PostTool = "slack_chat_postMessage";

    private static async Task<(TestWorld World, App App, string GrantId)> StartAsync(AccessPolicy? policy)
    {
        var world = await TestWorld.StartAsync();
        if (policy is not null) world.Options.Policies.Add(new AccessPolicyEnforcer(policy));
        var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "slack");
        return (world, app, grantId);
    }

    private static IChatClient Agent(ScriptedChatClient model, App app)
        => new ChatClientBuilder(model).UseFunctionInvocation().UseAlterToolAudit(app).Build();

    private static Task<ChatResponse> Run(IChatClient chat, IReadOnlyList<AIFunction> tools)
        => chat.GetResponseAsync("Do what the user asked.", new ChatOptions { Tools = [.. tools] });

    private static int SlackCalls(TestWorld world) => world.Sandbox.State.ApiRequests.Count(r => r.ProviderId == "slack");

    private static Dictionary<string, object?> Message(string text) => new() { ["channel"] = "#general", ["text"] = text };

    [Fact]
    public async Task An_allowed_tool_call_posts_to_the_sandbox_and_the_audit_row_names_the_tool()
    {
        var (world, app, grantId) = await StartAsync(AccessPolicy.Create("poster").Allow(SlackOperations.ChatPostMessage).Build());
        await using var _w = world;
        await using var _a = app;
        var tools = app.Tools();
        var model = new ScriptedChatClient(ScriptedChatClient.Call(PostTool, Message("hello from a tool")), ScriptedChatClient.Say("posted"));

        var response = await Run(Agent(model, app), tools);

        Assert.Equal("posted", response.Text);
        var posted = Assert.Single(world.Sandbox.State.Messages);
        Assert.Equal("hello from a tool", posted.Text);
        var result = Assert.Single(model.Results);
        Assert.Null(result.Exception);
        var answer = Assert.IsType<JsonElement>(result.Result);
        Assert.True(answer.GetProperty("ok").GetBoolean());
        var row = (await app.Audit(new AuditQuery { Provider = "slack" })).Single(r => r.Operation == "chat.postMessage");
        Assert.Equal("ok", row.Outcome);
        Assert.Equal(PostTool, row.Tool);
        Assert.Equal(grantId, row.GrantId);
        // The model saw the answer, never a token.
        foreach (var token in world.SecretsSeen())
        {
            Assert.DoesNotContain(token, answer.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(token, string.Join("\n", tools.Select(t => t.Description + t.JsonSchema.GetRawText())), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_tool_list_holds_exactly_what_the_policy_allows()
    {
        var (world, app, _) = await StartAsync(null);
        await using var _w = world;
        await using var _a = app;

        // No policy: every operation a tool can call, each with a model-safe unique name.
        var all = app.Tools();
        Assert.Contains(PostTool, all.Select(t => t.Name));
        Assert.Contains("github_issues_create", all.Select(t => t.Name));
        Assert.Equal(all.Count, all.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, t => Assert.Matches(new Regex("^[a-zA-Z0-9_-]{1,64}$"), t.Name));
        Assert.All(all, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));

        Assert.Equal([PostTool], Names(AccessPolicy.Create("poster").Allow(SlackOperations.ChatPostMessage).Build()));
        Assert.Empty(Names(AccessPolicy.Create("empty").Build()));
        // A glob, minus what needs a human approval (no tool can wait for one yet).
        Assert.Equal(["slack_auth_test", "slack_conversations_list"],
            Names(AccessPolicy.Create("slack, no posting").Allow("slack:*").RequireApproval("slack:chat.*").Build()));
        Assert.Equal(["github_issues_create", "github_issues_list-for-repo"], Names(AccessPolicy.Create("issues").Allow("github:issues/*").Build()));

        // A scope can narrow the list, never widen it past the policy.
        Assert.Equal([PostTool], app.Tools(new ToolScope { Operations = id => id == SlackOperations.ChatPostMessage }).Select(t => t.Name));
        Assert.Empty(app.Tools(new ToolScope { Providers = ["github-enterprise"] }));

        IReadOnlyList<string> Names(AccessPolicy policy)
        {
            world.Options.Policies.Clear();
            world.Options.Policies.Add(new AccessPolicyEnforcer(policy));
            using var scoped = world.OpenApp();
            return [.. scoped.Tools().Select(t => t.Name)];
        }
    }

    [Fact]
    public async Task No_schema_has_an_identity_argument_and_one_the_model_adds_is_refused_before_anything_is_sent()
    {
        var (world, app, _) = await StartAsync(AccessPolicy.Create("all").Allow("*:*").Build());
        await using var _w = world;
        await using var _a = app;
        var tools = app.Tools();
        foreach (var tool in tools)
        {
            var properties = tool.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name.ToLowerInvariant().Replace("_", "", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain("grantid", properties);
            Assert.DoesNotContain("userid", properties);
            Assert.DoesNotContain("principal", properties);
            Assert.False(tool.JsonSchema.GetProperty("additionalProperties").GetBoolean());
        }
        var post = tools.Single(t => t.Name == PostTool);
        Assert.Equal(["channel", "text"], post.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Where(n => n is "channel" or "text"));
        var create = tools.Single(t => t.Name == "github_issues_create");
        Assert.Equal(["owner", "repo"], create.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Where(n => n is "owner" or "repo"));

        var injected = Message("forged");
        injected["grant_id"] = "grant_0000000000000000000000000000000000000000";
        var model = new ScriptedChatClient(ScriptedChatClient.Call(PostTool, injected));
        var sent = world.Wire.Sent.Count;

        await Run(Agent(model, app), tools);

        var result = Assert.Single(model.Results);
        Assert.IsType<ArgumentException>(result.Exception);
        Assert.Contains("grant_id", result.Exception!.Message, StringComparison.Ordinal);
        Assert.Equal(sent, world.Wire.Sent.Count);
        Assert.Empty(world.Sandbox.State.Messages);
    }

    [Fact]
    public async Task A_prompt_injected_call_to_an_operation_outside_the_policy_is_refused_reaches_no_provider_and_is_audited()
    {
        var (world, app, _) = await StartAsync(AccessPolicy.Create("poster").Allow(SlackOperations.ChatPostMessage).Build());
        await using var _w = world;
        await using var _a = app;
        var tools = app.Tools();
        // The "model" was talked into calling operations the app never handed it: one that exists (denied by the policy), one made up.
        var model = new ScriptedChatClient(
            [new FunctionCallContent("c1", "slack_auth_test", new Dictionary<string, object?>()),
             new FunctionCallContent("c2", "github_issues_create", new Dictionary<string, object?> { ["owner"] = "o", ["repo"] = "r", ["title"] = "pwned" }),
             new FunctionCallContent("c3", "\u001b[2Jevil", new Dictionary<string, object?>())]);   // a terminal escape in the name
        var slackBefore = SlackCalls(world);
        var sent = world.Wire.Sent.Count;

        await Run(Agent(model, app), tools);

        Assert.Equal(3, model.Results.Count);
        Assert.All(model.Results, r => Assert.Contains("not found", r.Result?.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(slackBefore, SlackCalls(world));
        Assert.Equal(sent, world.Wire.Sent.Count);
        Assert.DoesNotContain(world.Sandbox.State.ApiRequests, r => r.ProviderId == "github");
        var rows = await app.Audit();
        foreach (var name in new[] { "slack_auth_test", "github_issues_create", "__2Jevil" })   // audited, made plain
        {
            var row = rows.Single(r => r.Tool == name);
            Assert.Equal("denied:tool:not_listed", row.Outcome);
            Assert.Equal(0, row.Status);
        }
    }

    [Fact]
    public async Task A_tool_handed_out_while_allowed_is_stopped_when_the_policy_changes()
    {
        var allowed = new StrongBox<bool>(true);
        var (world, app, _) = await StartAsync(AccessPolicy.Create("switchable").Allow(SlackOperations.ChatPostMessage).When(_ => Volatile.Read(ref allowed.Value)).Build());
        await using var _w = world;
        await using var _a = app;
        var tools = app.Tools();
        Assert.Equal([PostTool], tools.Select(t => t.Name));

        var first = new ScriptedChatClient(ScriptedChatClient.Call(PostTool, Message("while allowed")));
        await Run(Agent(first, app), tools);
        Assert.Single(world.Sandbox.State.Messages);

        Volatile.Write(ref allowed.Value, false);
        var slackBefore = SlackCalls(world);
        var sent = world.Wire.Sent.Count;
        var second = new ScriptedChatClient(ScriptedChatClient.Call(PostTool, Message("after the change")));
        await Run(Agent(second, app), tools);

        var result = Assert.Single(second.Results);
        var denied = Assert.IsType<PolicyDeniedException>(result.Exception);
        Assert.Equal(PolicyRules.ConditionNotMet, denied.Rule);
        Assert.Equal(slackBefore, SlackCalls(world));
        Assert.Equal(sent, world.Wire.Sent.Count);
        Assert.Single(world.Sandbox.State.Messages);
        var row = (await app.Audit(new AuditQuery { Provider = "slack" })).First(r => r.Outcome == "denied:policy:" + PolicyRules.ConditionNotMet);
        Assert.Equal(PostTool, row.Tool);
        Assert.Equal("chat.postMessage", row.Operation);
    }

    [Fact]
    public async Task An_agents_tools_through_a_delegation_are_its_policy_within_the_delegation_and_a_revocation_stops_a_tool_already_built()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var alice = Principal.User("https://idp.test/", "alice");
        var aliceSlack = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = alice })).GrantId;
        var bot = app.Agents.Create("bot", AccessPolicy.Create("bot").Allow(SlackOperations.ChatPostMessage, SlackOperations.AuthTest, "github:*").Build());
        var delegation = app.Delegations.Create(alice, aliceSlack, "bot", TimeSpan.FromHours(1), [SlackOperations.ChatPostMessage, SlackOperations.ConversationsList]);
        await using var asBot = new App(bot.Key.ApiKey, world.Options);

        // Its own tools follow its stored policy; through the delegation, only what both allow on the delegated grant's provider.
        var own = asBot.Tools().Select(t => t.Name).ToList();
        Assert.Contains("slack_auth_test", own);
        Assert.DoesNotContain("slack_conversations_list", own);
        var tools = asBot.Tools(new ToolScope { Delegation = delegation.Id });
        Assert.Equal([PostTool], tools.Select(t => t.Name));
        Assert.Equal([PostTool], asBot.Tools(new ToolScope { Delegation = delegation.Id, Principal = alice }).Select(t => t.Name));
        var bob = Principal.User("https://idp.test/", "bob");                          // a host tying the id to its signed-in user
        Assert.Throws<AgentAccessException>(() => asBot.Tools(new ToolScope { Delegation = delegation.Id, Principal = bob }));
        Assert.Throws<ArgumentException>(() => asBot.Tools(new ToolScope { Delegation = delegation.Id, Grants = new Dictionary<string, string> { ["slack"] = aliceSlack } }));

        var first = new ScriptedChatClient(ScriptedChatClient.Call(PostTool, Message("for alice")));
        await Run(Agent(first, asBot), tools);
        Assert.Null(Assert.Single(first.Results).Exception);
        Assert.Equal("for alice", Assert.Single(world.Sandbox.State.Messages).Text);
        var row = (await app.Audit(new AuditQuery { Provider = "slack" })).First(r => r.Operation == "chat.postMessage");
        Assert.Equal(("ok", bot.Agent.Principal.ToString(), alice.Key, delegation.Id, PostTool), (row.Outcome, row.Caller, row.Principal, row.DelegationId, row.Tool));

        // The user revokes: the tool already handed out is refused before anything is sent, and no new list is built.
        Assert.True(app.Delegations.Revoke(alice, delegation.Id));
        var (slackBefore, sent) = (SlackCalls(world), world.Wire.Sent.Count);
        var second = new ScriptedChatClient(ScriptedChatClient.Call(PostTool, Message("after the revocation")));
        await Run(Agent(second, asBot), tools);
        Assert.Equal(DelegationRefusal.Revoked, Assert.IsType<DelegationException>(Assert.Single(second.Results).Exception).Reason);
        Assert.Equal((slackBefore, sent), (SlackCalls(world), world.Wire.Sent.Count));
        Assert.Throws<DelegationException>(() => asBot.Tools(new ToolScope { Delegation = delegation.Id }));
    }

    [Fact]
    public async Task Path_parameters_are_arguments_and_the_call_goes_to_the_grant_the_scope_names()
    {
        var (world, app, _) = await StartAsync(AccessPolicy.Create("issues").Allow(GitHubOperations.IssuesCreate).Build());
        await using var _w = world;
        await using var _a = app;
        var github = await CatalogCalls.ConnectAsync(app, "github");
        var tools = app.Tools(new ToolScope { Grants = new Dictionary<string, string> { ["github"] = github } });
        var model = new ScriptedChatClient(ScriptedChatClient.Call("github_issues_create",
            new Dictionary<string, object?> { ["owner"] = "octo-sandbox", ["repo"] = "hello-world", ["title"] = "From a tool" }));

        await Run(Agent(model, app), tools);

        var result = Assert.Single(model.Results);
        Assert.Null(result.Exception);
        Assert.Equal("From a tool", Assert.IsType<JsonElement>(result.Result).GetProperty("title").GetString());
        var call = Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == "github" && r.Method == "POST");
        Assert.Contains("/repos/octo-sandbox/hello-world/issues", call.PathAndQuery, StringComparison.Ordinal);
        var row = (await app.Audit(new AuditQuery { Provider = "github" })).Single(r => r.Operation == "issues/create");
        Assert.Equal(github, row.GrantId);
        Assert.Equal("github_issues_create", row.Tool);
    }

    [Fact]
    public async Task A_request_objects_query_parameters_are_arguments_sent_in_the_query()
    {
        var (world, app, _) = await StartAsync(AccessPolicy.Create("lister").Allow(SlackOperations.ConversationsList).Build());
        await using var _w = world;
        await using var _a = app;
        var list = Assert.Single(app.Tools());
        var properties = list.JsonSchema.GetProperty("properties");
        Assert.Equal("integer", properties.GetProperty("limit").GetProperty("type").GetString());
        Assert.Equal("boolean", properties.GetProperty("exclude_archived").GetProperty("type").GetString());
        var model = new ScriptedChatClient(ScriptedChatClient.Call(list.Name, new Dictionary<string, object?> { ["limit"] = 1, ["exclude_archived"] = true }));

        await Run(Agent(model, app), [list]);

        Assert.Null(Assert.Single(model.Results).Exception);
        var call = Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == "slack" && r.PathAndQuery.Contains("conversations.list", StringComparison.Ordinal));
        Assert.Contains("limit=1", call.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("exclude_archived=true", call.PathAndQuery, StringComparison.Ordinal);
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value = value;
    }
}
