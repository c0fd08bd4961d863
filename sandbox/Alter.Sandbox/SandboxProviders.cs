namespace Alter.Sandbox;

/// <summary>Fixed ids and credentials of the emulated providers, and their endpoint URLs for a base address.</summary>
internal static class SandboxProviders
{
    public const string Slack = "slack";
    public const string GitHub = "github";
    public const string Notion = "notion";
    public const string Spotify = "spotify";
    public const string Discord = "discord";

    public const string SlackClientId = "sandbox-slack-client";
    public const string SlackClientSecret = "sandbox-slack-secret";
    public const string GitHubClientId = "sandbox-github-client";
    public const string GitHubClientSecret = "sandbox-github-secret";
    public const string NotionClientId = "sandbox-notion-client";
    public const string NotionClientSecret = "sandbox-notion-secret";
    public const string SpotifyClientId = "sandbox-spotify-client";
    public const string SpotifyClientSecret = "sandbox-spotify-secret";
    public const string DiscordClientId = "sandbox-discord-client";
    public const string DiscordClientSecret = "sandbox-discord-secret";

    public static bool IsKnown(string providerId) => SandboxEmulations.Find(providerId) is not null;

    public static string Check(string providerId)
    {
        ArgumentNullException.ThrowIfNull(providerId);
        return IsKnown(providerId)
            ? providerId
            : throw new ArgumentException(
                $"Unknown sandbox provider '{providerId}'. Known: {string.Join(", ", SandboxEmulations.All.Select(e => $"'{e.Id}'"))}.",
                nameof(providerId));
    }

    public static SandboxProvider CreateSlack(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            Slack, SlackClientId, SlackClientSecret,
            AuthorizationUrl: $"{b}slack/oauth/v2/authorize",
            TokenUrl: $"{b}slack/api/oauth.v2.access",
            RevocationUrl: $"{b}slack/api/auth.revoke",
            ApiBaseUrl: $"{b}slack/api/",
            Authority: baseUri.Authority);
    }

    public static SandboxProvider CreateGitHub(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            GitHub, GitHubClientId, GitHubClientSecret,
            AuthorizationUrl: $"{b}github/login/oauth/authorize",
            TokenUrl: $"{b}github/login/oauth/access_token",
            // The real endpoint is DELETE https://api.github.com/applications/{client_id}/token.
            RevocationUrl: $"{b}github/applications/{GitHubClientId}/token",
            ApiBaseUrl: $"{b}github/api/",
            Authority: baseUri.Authority);
    }

    public static SandboxProvider CreateNotion(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            Notion, NotionClientId, NotionClientSecret,
            AuthorizationUrl: $"{b}notion/v1/oauth/authorize",
            TokenUrl: $"{b}notion/v1/oauth/token",
            RevocationUrl: $"{b}notion/v1/oauth/revoke",
            ApiBaseUrl: $"{b}notion/v1/",
            Authority: baseUri.Authority);
    }

    public static SandboxProvider CreateSpotify(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            Spotify, SpotifyClientId, SpotifyClientSecret,
            AuthorizationUrl: $"{b}spotify/accounts/authorize",
            TokenUrl: $"{b}spotify/accounts/api/token",
            // Spotify has no revocation endpoint (users remove apps at spotify.com/account/apps); nothing answers here.
            RevocationUrl: $"{b}spotify/accounts/api/revoke",
            ApiBaseUrl: $"{b}spotify/v1/",
            Authority: baseUri.Authority);
    }

    public static SandboxProvider CreateDiscord(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            Discord, DiscordClientId, DiscordClientSecret,
            AuthorizationUrl: $"{b}discord/oauth2/authorize",
            TokenUrl: $"{b}discord/api/oauth2/token",
            RevocationUrl: $"{b}discord/api/oauth2/token/revoke",
            ApiBaseUrl: $"{b}discord/api/v10/",
            Authority: baseUri.Authority);
    }
}
