using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Slack;

/// <summary>
/// Slack's <c>users.list</c> (scope <c>users:read</c>): the workspace's members in Slack's user-object shape, paged with
/// <c>limit</c> and an opaque <c>cursor</c> answered in <c>response_metadata.next_cursor</c> (empty on the last page).
/// </summary>
internal sealed class SlackUsersEndpoints(SandboxContext sandbox)
{

    /// <summary>The members: the app's bot user, three people (one deactivated), and Slackbot, as Slack lists them.</summary>
    public static readonly IReadOnlyList<(string Id, string Name, string RealName, bool IsBot, bool Deleted, bool IsAdmin)> Members =
    [
        ("USLACKBOT", "slackbot", "Slackbot", false, false, false),
        (SlackWorkspace.UserId, SlackWorkspace.UserName, "Alter Bot", true, false, false),
        ("U0ADA", "ada", "Ada Lovelace", false, false, true),
        ("U0GRACE", "grace", "Grace Hopper", false, false, false),
        ("U0ALAN", "alan", "Alan Turing", false, true, false),
    ];

    public void Map(IEndpointRouteBuilder app)
        => app.MapMethods("slack/api/users.list", [HttpMethods.Get, HttpMethods.Post], ListUsersAsync);

    private async Task<IResult> ListUsersAsync(HttpRequest request)
    {
        if (SlackApiEndpoints.Authenticate(sandbox, request, "users:read") is { } denied) return denied;
        var args = await SlackArguments.ReadAsync(request);
        if (args.InvalidJson) return SlackJson.Error("invalid_json");
        var limit = int.TryParse(args.Get("limit"), out var l) && l > 0 ? Math.Min(l, 1000) : Members.Count;
        if (SlackCursor.Page(Members, m => m.Id, "user", args.Get("cursor"), limit) is not { } paged) return SlackJson.Error("invalid_cursor");
        var (page, next) = paged;
        return SlackJson.Ok(new JsonObject
        {
            ["ok"] = true,
            ["members"] = new JsonArray([.. page.Select(m => (JsonNode)User(m, args.IsTrue("include_locale")))]),
            ["cache_ts"] = sandbox.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    private static JsonObject User((string Id, string Name, string RealName, bool IsBot, bool Deleted, bool IsAdmin) m, bool includeLocale)
    {
        var user = new JsonObject
        {
            ["id"] = m.Id,
            ["team_id"] = SlackWorkspace.TeamId,
            ["name"] = m.Name,
            ["deleted"] = m.Deleted,
            ["color"] = "9f69e7",
            ["real_name"] = m.RealName,
            ["tz"] = "Europe/London",
            ["tz_label"] = "Greenwich Mean Time",
            ["tz_offset"] = 0,
            ["profile"] = new JsonObject
            {
                ["real_name"] = m.RealName,
                ["display_name"] = m.Name,
                ["real_name_normalized"] = m.RealName,
                ["display_name_normalized"] = m.Name,
                ["team"] = SlackWorkspace.TeamId,
            },
            ["is_admin"] = m.IsAdmin,
            ["is_owner"] = m.IsAdmin,
            ["is_primary_owner"] = false,
            ["is_restricted"] = false,
            ["is_ultra_restricted"] = false,
            ["is_bot"] = m.IsBot,
            ["is_app_user"] = false,
            ["updated"] = 1700000000,
        };
        if (includeLocale) user["locale"] = "en-GB";
        return user;
    }
}
