using Alter.Sandbox.Asana;
using Alter.Sandbox.Box;
using Alter.Sandbox.Discord;
using Alter.Sandbox.Dropbox;
using Alter.Sandbox.Figma;
using Alter.Sandbox.GitHub;
using Alter.Sandbox.GitLab;
using Alter.Sandbox.Google;
using Alter.Sandbox.HubSpot;
using Alter.Sandbox.MicrosoftGraph;
using Alter.Sandbox.Notion;
using Alter.Sandbox.Slack;
using Alter.Sandbox.Spotify;
using Alter.Sandbox.Zoom;

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
        new HubSpotEmulation(),
        new ZoomEmulation(),
        new DropboxEmulation(),
        new MicrosoftEmulation(),
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
