using System.Text;
using Alter.Typed.Generated;
using Alter.Typed.Http;
using Alter.Typed.Slack;
using Xunit;

namespace Alter.Typed.Tests.Policy;

/// <summary>Approvals in wait mode (the options' clock) and the multipart bodies an approval binds.</summary>
public partial class ApprovalSandboxTests
{
    [Fact]
    public async Task A_multipart_upload_hashes_the_same_whatever_its_random_boundary_and_is_sent_whole_once_approved()
    {
        var (world, app) = await StartAsync(policy: PostNeedsApproval("slack:files.upload"));
        await using var _w = world;
        await using var _a = app;
        var uploader = (await app.Connect(["slack"], new ConnectOptions { Scopes = ["files:write"] }))[0].GrantId;
        var client = new SlackClient(app).WithGrant(uploader);
        Task<System.Text.Json.JsonElement> Upload(string text) => client.SendAsync<UploadRequest, System.Text.Json.JsonElement>(FilesUpload, null, new UploadRequest
        {
            File = new FilePart(new MemoryStream(Encoding.UTF8.GetBytes(text)), "hello.txt", "text/plain"),
            Channels = "#general",
        }, CancellationToken.None);

        var first = await AssertHeldAsync(world, app, () => Upload("hello, file"));
        var second = await AssertHeldAsync(world, app, () => Upload("hello, file"));      // a new boundary, the same arguments
        Assert.Equal(first.ApprovalId, second.ApprovalId);
        var changed = await AssertHeldAsync(world, app, () => Upload("hello, other file"));
        Assert.NotEqual(first.ApprovalId, changed.ApprovalId);
        Assert.Contains("hello, file", app.Approvals.Get(first.ApprovalId)!.BodyPreview, StringComparison.Ordinal);

        app.Approvals.Approve(first.ApprovalId, "ops");
        var answer = await Upload("hello, file");
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Equal(11, answer.GetProperty("file").GetProperty("size").GetInt32());     // the buffered body went out whole
        Assert.Equal(1, SlackCalls(world));
    }

    [Fact]
    public async Task In_wait_mode_a_call_waits_for_the_decision_on_the_options_clock()
    {
        var (world, app) = await StartAsync(fakeTime: true, o => (o.ApprovalWait, o.ApprovalPollInterval) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        await using var _w = world;
        await using var _a = app;

        // Approved while it waits: it goes through.
        var waiting = Post(app);
        var pending = await PendingAsync(app);
        Assert.False(waiting.IsCompleted);
        app.Approvals.Approve(pending.Id, "ops");
        await AdvanceUntilDoneAsync(world, waiting);
        Assert.True((await waiting).Ok);
        Assert.Equal(1, SlackCalls(world));

        // Denied while it waits: the denial.
        waiting = Post(app, "another");
        pending = await PendingAsync(app);
        app.Approvals.Deny(pending.Id, "ops", "no");
        await AdvanceUntilDoneAsync(world, waiting);
        Assert.Equal("no", (await Assert.ThrowsAsync<ApprovalDeniedException>(() => waiting)).Reason);

        // Nobody decides: pending after the wait.
        waiting = Post(app, "a third");
        pending = await PendingAsync(app);
        await AdvanceUntilDoneAsync(world, waiting);
        Assert.Equal(pending.Id, (await Assert.ThrowsAsync<ApprovalPendingException>(() => waiting)).ApprovalId);
        Assert.Equal(1, SlackCalls(world));
    }

    [Fact]
    public async Task A_call_through_a_delegation_does_not_wait_so_a_revocation_during_the_decision_is_never_bypassed()
    {
        var (world, app) = await StartAsync(fakeTime: true, o => (o.ApprovalWait, o.ApprovalPollInterval) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        await using var _w = world;
        await using var _a = app;
        var alice = Principal.User("https://idp.test/", "alice");
        var aliceSlack = Assert.Single(await app.Connect(["slack"], new ConnectOptions { Owner = alice })).GrantId;
        var bot = app.Agents.Create("bot", PostNeedsApproval());
        var delegation = app.Delegations.Create(alice, aliceSlack, "bot", TimeSpan.FromHours(1));
        await using var asBot = new App(bot.Key.ApiKey, world.Options);
        var slack = asBot.Slack.WithDelegation(delegation.Id);

        // Held at once, though the options would wait 30 s (the fake clock never moves here).
        var held = await AssertHeldAsync(world, app, () => slack.Chat.PostMessage(new() { Channel = "#general", Text = "for alice" }));
        app.Delegations.Revoke(alice, delegation.Id);
        app.Approvals.Approve(held.ApprovalId, "ops");

        var sent = SlackCalls(world);
        await Assert.ThrowsAsync<DelegationException>(() => slack.Chat.PostMessage(new() { Channel = "#general", Text = "for alice" }));
        Assert.Equal(sent, SlackCalls(world));
    }

    [Fact]
    public async Task The_multipart_boundary_is_normalised_and_nothing_else_is()
    {
        static (string, byte[]) Normalised(string text)
        {
            using var content = new MultipartFormDataContent { { new StringContent(text), "field" } };
            var bytes = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            return ApprovalFlow.ApprovalBinding.Normalise(content.Headers.ContentType, bytes);
        }

        var (typeA, bodyA) = Normalised("same");
        var (typeB, bodyB) = Normalised("same");
        var (_, bodyC) = Normalised("different");
        Assert.Equal(typeA, typeB);
        Assert.Equal(bodyA, bodyB);
        Assert.NotEqual(bodyA, bodyC);
        Assert.Equal("multipart/form-data; boundary=alter-approval-boundary", typeA);

        // A body that already holds the fixed marker is hashed raw: rewritten, two different bodies could hash the same.
        using (var marked = new MultipartFormDataContent("real") { { new StringContent("--alter-approval-boundary"), "field" } })
        {
            var bytes = await marked.ReadAsByteArrayAsync();
            Assert.Equal((marked.Headers.ContentType!.ToString(), bytes), ApprovalFlow.ApprovalBinding.Normalise(marked.Headers.ContentType, bytes));
        }

        var json = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var (jsonType, jsonBody) = ApprovalFlow.ApprovalBinding.Normalise(json, "{}"u8.ToArray());
        Assert.Equal("application/json; charset=utf-8", jsonType);
        Assert.Equal("{}"u8.ToArray(), jsonBody);
        Assert.Equal("<3 bytes of binary image/png>", ApprovalFlow.ApprovalBinding.Preview([0xff, 0xfe, 0x00], "image/png"));
        Assert.Equal("a\\u001b[2Jb", ApprovalFlow.ApprovalBinding.Preview("a\u001b[2Jb"u8.ToArray(), "text/plain"));
    }

    private static async Task<ApprovalInfo> PendingAsync(App app)
    {
        for (var i = 0; i < 500; i++)
        {
            if (app.Approvals.List(ApprovalStatus.Pending).FirstOrDefault() is { } pending) return pending;
            await Task.Delay(10);
        }
        throw new TimeoutException("No pending approval appeared.");
    }

    private static async Task AdvanceUntilDoneAsync(TestWorld world, Task call)
    {
        for (var i = 0; i < 500 && !call.IsCompleted; i++)
        {
            world.Time!.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(call, Task.Delay(10));
        }
        Assert.True(call.IsCompleted, "The waiting call did not finish.");
    }

    private static readonly OperationDescriptor FilesUpload = new("slack", "files.upload", HttpMethod.Post, "files.upload", BodyKind.Multipart);

    private sealed class UploadRequest : IAlterMultipartRequest
    {
        public required FilePart File { get; init; }
        public string? Channels { get; init; }

        void IAlterMultipartRequest.WriteParts(MultipartParts parts) => parts.File("file", File).Field("channels", Channels);
    }
}
