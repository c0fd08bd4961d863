using ApprovalTests;
using ApprovalTests.Namers;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Xunit;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// Acceptance 2: the import of a representative slice of each shared spec, approved by review, so that every change
/// to the output shows up. On a mismatch ApprovalTests writes <c>Snapshots/SnapshotTests.&lt;Test&gt;.received.json</c>
/// (and <c>.warnings.received.txt</c>): read them, and rename to <c>.approved.</c> to accept.
/// </summary>
[UseReporter(typeof(QuietReporter))]
[UseApprovalSubdirectory("Snapshots")]
public sealed class SnapshotTests
{
    private static async Task<ImportResult> Import(string spec, string id, string? name, params string[] include)
    {
        ImportResult result = await OpenApiImporter.ImportAsync(Harness.Spec(spec), new ImportOptions { Id = id, Name = name, Include = include });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        GeneratedCompilation compilation = Harness.Compile([($"/catalog/{id}/{id}.provider.json", result.DescriptionJson!, null)]);
        Assert.Empty(compilation.Problems);
        return result;
    }

    /// <summary>The description, then its warnings (file names relative to the specs folder, so the snapshot is machine-independent).</summary>
    private static void Verify(ImportResult result)
    {
        string warnings = string.Join("\n", result.Warnings.Select(w => w.ToString().Replace(Harness.Specs + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)));
        Approvals.Verify(WriterFactory.CreateTextWriter(result.DescriptionJson + "\n// warnings:\n" + warnings + "\n", "json"));
    }

    [Fact]
    public async Task Slack_chat() => Verify(await Import("slack/slack_web_openapi_v2.json", "slack", "Slack", "chat.*"));

    [Fact]
    public async Task GitHub_issues() => Verify(await Import("github/api.github.com.json", "github", "GitHub", "issues/create", "issues/get", "issues/list-for-repo"));

    [Fact]
    public async Task Notion_pages() => Verify(await Import("notion/notion-openapi.json", "notion", "Notion", "/v1/pages*"));

    [Fact]
    public async Task Discord_users_me() => Verify(await Import("discord/openapi.json", "discord", "Discord", "/users/@me"));

    [Fact]
    public async Task GitHub_raw_bodies_and_text_and_binary_answers()
        => Verify(await Import("github/api.github.com.json", "github", "GitHub", "markdown/render-raw", "meta/get-octocat", "meta/get-zen", "repos/upload-release-asset"));

    [Fact]
    public async Task Discord_multipart_uploads_and_non_JSON_answers()
        => Verify(await Import("discord/openapi.json", "discord", "Discord", "upload_application_attachment", "create_guild_sticker", "update_invite_target_users", "get_invite_target_users", "get_guild_widget_png"));

    [Fact]
    public async Task Spotify_playlist_cover_upload()
        => Verify(await Import("spotify/fixed-spotify-open-api.yml", "spotify", "Spotify", "upload-custom-playlist-cover"));

    [Fact]
    public async Task Spotify_albums() => Verify(await Import("spotify/fixed-spotify-open-api.yml", "spotify", "Spotify", "/albums*"));
}
