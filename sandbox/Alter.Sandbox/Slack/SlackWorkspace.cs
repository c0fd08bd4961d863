using System.Text.Json.Nodes;

namespace Alter.Sandbox.Slack;

/// <summary>A public channel of the sandbox workspace.</summary>
internal sealed record SlackChannel(string Id, string Name, bool IsArchived, long Created, int NumMembers, string Topic, string Purpose)
{
    public bool IsGeneral => Id == SlackWorkspace.GeneralId;
}

/// <summary>The fixed workspace behind the sandbox's Slack: ids, channels, and message timestamps.</summary>
internal sealed class SlackWorkspace(TimeProvider time)
{
    public const string AppId = "A0SANDBOX";
    public const string TeamId = "T0SANDBOX";
    public const string TeamName = "Sandbox";
    public const string UserId = "U0SANDBOX";
    public const string UserName = "alter-bot";
    public const string BotId = "B0SANDBOX";
    public const string GeneralId = "C0GENERAL";
    public const string RandomId = "C0RANDOM";

    public static readonly IReadOnlyList<SlackChannel> Channels =
    [
        new(GeneralId, "general", false, 1449252889, 4, "", "This channel is for team-wide communication and announcements."),
        new(RandomId, "random", false, 1449252889, 4, "Non-work banter", "A place for non-work-related flimflam."),
        new("C0DEVELOP", "dev", false, 1504724512, 3, "Builds and deploys", "Engineering chatter."),
        new("C0SUPPORT", "support", false, 1523045610, 2, "", "Questions from customers."),
        new("C0OLDPROJ", "old-project", true, 1462905813, 0, "", "A finished project."),
    ];

    private long _counter = 99;

    /// <summary>Unix seconds, a dot, and a 6-digit counter that increases with each message: <c>1732767600.000100</c>.</summary>
    public string NextTs()
    {
        var counter = Interlocked.Increment(ref _counter) % 1_000_000;
        return $"{time.GetUtcNow().ToUnixTimeSeconds()}.{counter:D6}";
    }

    /// <summary>Finds a channel by id, name, or <c>#name</c>.</summary>
    public static SlackChannel? Find(string? channel)
    {
        if (string.IsNullOrWhiteSpace(channel)) return null;
        var name = channel.Trim().TrimStart('#');
        return Channels.FirstOrDefault(c => c.Id == name || string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public static JsonObject ToJson(SlackChannel channel) => new()
    {
        ["id"] = channel.Id,
        ["name"] = channel.Name,
        ["is_channel"] = true,
        ["is_group"] = false,
        ["is_im"] = false,
        ["is_mpim"] = false,
        ["is_private"] = false,
        ["created"] = channel.Created,
        ["is_archived"] = channel.IsArchived,
        ["is_general"] = channel.IsGeneral,
        ["unlinked"] = 0,
        ["name_normalized"] = channel.Name,
        ["is_shared"] = false,
        ["is_org_shared"] = false,
        ["is_pending_ext_shared"] = false,
        ["pending_shared"] = new JsonArray(),
        ["context_team_id"] = TeamId,
        ["updated"] = channel.Created * 1000,
        ["parent_conversation"] = null,
        ["creator"] = UserId,
        ["is_ext_shared"] = false,
        ["shared_team_ids"] = new JsonArray(TeamId),
        ["pending_connected_team_ids"] = new JsonArray(),
        ["is_member"] = !channel.IsArchived,
        ["topic"] = Topic(channel.Topic, channel.Created),
        ["purpose"] = Topic(channel.Purpose, channel.Created),
        ["previous_names"] = new JsonArray(),
        ["num_members"] = channel.NumMembers,
    };

    private static JsonObject Topic(string value, long created) => new()
    {
        ["value"] = value,
        ["creator"] = value.Length == 0 ? "" : UserId,
        ["last_set"] = value.Length == 0 ? 0 : created,
    };
}
