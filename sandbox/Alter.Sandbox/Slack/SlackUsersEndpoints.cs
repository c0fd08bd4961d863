using System.Text;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
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
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null) return SlackJson.Error("not_authed");
        switch (sandbox.Tokens.Check(SandboxProviders.Slack, token))
        {
            case AccessTokenStatus.Valid: break;
            case AccessTokenStatus.Expired: return SlackJson.Error("token_expired");
            default: return SlackJson.Error("invalid_auth");
        }

        var granted = sandbox.Tokens.GrantedScopes(SandboxProviders.Slack, token);
        if (!granted.Contains("users:read"))
            return SlackJson.Ok(new JsonObject { ["ok"] = false, ["error"] = "missing_scope", ["needed"] = "users:read", ["provided"] = string.Join(',', granted) });

        var args = await SlackArguments.ReadAsync(request);
        if (args.InvalidJson) return SlackJson.Error("invalid_json");
        var limit = int.TryParse(args.Get("limit"), out var l) && l > 0 ? Math.Min(l, 1000) : Members.Count;
        var start = 0;
        if (args.Get("cursor") is { } cursor)
        {
            start = SlackCursor.Decode("user", cursor) is { } id ? Members.ToList().FindIndex(m => m.Id == id) : -1;
            if (start < 0) return SlackJson.Error("invalid_cursor");
        }

        var page = Members.Skip(start).Take(limit).Select(m => (JsonNode)User(m, args.IsTrue("include_locale"))).ToArray();
        var next = start + limit < Members.Count ? SlackCursor.Encode("user", Members[start + limit].Id) : "";
        return SlackJson.Ok(new JsonObject
        {
            ["ok"] = true,
            ["members"] = new JsonArray(page),
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
