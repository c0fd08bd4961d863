using System.Text;
using Alter.Typed.Generated;
using Alter.Typed.GitHub;
using Alter.Typed.Slack;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Multipart uploads, raw bodies and non-JSON answers through the same pipeline. The operations are declared here the way
/// the generator declares imported ones (Slack's files.upload, GitHub's markdown/raw), against the sandbox.
/// </summary>
public sealed class BodyKindTests
{
    private static readonly OperationDescriptor FilesUpload = new("slack", "files.upload", HttpMethod.Post, "files.upload", BodyKind.Multipart);
    private static readonly OperationDescriptor RenderRaw = new("github", "markdown/render-raw", HttpMethod.Post, "markdown/raw", BodyKind.Raw);

    [Fact]
    public async Task A_multipart_upload_sends_its_file_and_fields_and_survives_a_token_refresh()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await app.Connect(["slack"], new ConnectOptions { Scopes = ["files:write"] });   // files.upload's scope, beyond the defaults
        world.Sandbox.State.ExpireAccessTokens("slack");   // the upload is sent twice: the file stream must be resendable
        var client = new SlackClient(app);

        var answer = await client.SendAsync<UploadRequest, System.Text.Json.JsonElement>(FilesUpload, null, new UploadRequest
        {
            File = new FilePart(new MemoryStream(Encoding.UTF8.GetBytes("hello, file")), "hello.txt", "text/plain"),
            Channels = "#general",
            Title = "Greeting",
        }, CancellationToken.None);

        Assert.True(answer.GetProperty("ok").GetBoolean());
        var file = answer.GetProperty("file");
        Assert.Equal(("hello.txt", "Greeting", 11), (file.GetProperty("name").GetString(), file.GetProperty("title").GetString(), file.GetProperty("size").GetInt32()));
        Assert.Equal("C0GENERAL", file.GetProperty("channels")[0].GetString());
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("slack"));
    }

    [Fact]
    public async Task A_raw_text_body_goes_out_with_its_media_type_and_a_text_answer_comes_back_as_a_string()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await app.Connect(["github"]);
        var client = new GitHubClient(app);

        var html = await client.SendAsync<RawBody, string>(RenderRaw, null, RawBody.FromText("# Title\nSome text"), CancellationToken.None);

        Assert.Equal("<h1>Title</h1>\n<p>Some text</p>\n", html);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync<string, string>(RenderRaw, null, "not a RawBody", CancellationToken.None));
        Assert.Contains("takes a Raw body", error.Message);
    }

    /// <summary>What the generator emits for a multipart operation's request.</summary>
    private sealed class UploadRequest : IAlterMultipartRequest
    {
        public required FilePart File { get; init; }
        public string? Channels { get; init; }
        public string? Title { get; init; }

        void IAlterMultipartRequest.WriteParts(MultipartParts parts) => parts.File("file", File).Field("channels", Channels).Field("title", Title);
    }
}
