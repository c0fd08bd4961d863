using Alter.Sandbox.Asana;
using Alter.Sandbox.Box;
using Alter.Sandbox.Discord;
using Alter.Sandbox.Figma;
using Alter.Sandbox.GitHub;
using Alter.Sandbox.Google;
using Alter.Sandbox.GitLab;
using Alter.Sandbox.Notion;
using Alter.Sandbox.Slack;
using Alter.Sandbox.Spotify;

namespace Alter.Sandbox;

/// <summary>The registry of emulated providers, in the order <see cref="SandboxServer.Providers"/> lists them.</summary>
internal static class SandboxEmulations
{
    public static readonly IReadOnlyList<SandboxEmulation> All =
    [
        new SlackEmulation(),
        new GitHubEmulation(),
        new NotionEmulation(),
        new SpotifyEmulation(),
        new DiscordEmulation(),
        new GmailEmulation(),
        new GoogleCalendarEmulation(),
        new GoogleDriveEmulation(),
        new GitLabEmulation(),
        new AsanaEmulation(),
        new BoxEmulation(),
        new FigmaEmulation(),
    ];

    public static SandboxEmulation? Find(string providerId)
    {
        foreach (var emulation in All)
        {
            if (emulation.Id == providerId) return emulation;
        }

        return null;
    }
}
