using System.Text.Json.Nodes;

namespace Alter.Sandbox.Notion;

/// <summary>The one workspace, bot and owner the sandbox's Notion integration is installed in.</summary>
internal static class NotionWorkspace
{
    public const string WorkspaceId = "5a6b7c8d-1111-4e2f-9a3b-0c1d2e3f4a5b";
    public const string WorkspaceName = "Sandbox Workspace";
    public const string BotId = "b0b0b0b0-2222-4c3d-8e9f-a1b2c3d4e5f6";
    public const string BotName = "Alter Sandbox";
    public const string UserId = "ada00000-3333-4d4e-9f0a-b1c2d3e4f5a6";

    /// <summary>The person who installed the integration (<c>owner.user</c>).</summary>
    public static JsonObject Owner() => new()
    {
        ["type"] = "user",
        ["user"] = new JsonObject
        {
            ["object"] = "user",
            ["id"] = UserId,
            ["name"] = "Ada Lovelace",
            ["avatar_url"] = null,
            ["type"] = "person",
            ["person"] = new JsonObject { ["email"] = "ada@example.com" },
        },
    };

    /// <summary><c>GET /v1/users/me</c>: the bot user of the token.</summary>
    public static JsonObject BotUser() => new()
    {
        ["object"] = "user",
        ["id"] = BotId,
        ["name"] = BotName,
        ["avatar_url"] = null,
        ["type"] = "bot",
        ["bot"] = new JsonObject
        {
            ["owner"] = Owner(),
            ["workspace_name"] = WorkspaceName,
        },
        ["request_id"] = Guid.NewGuid().ToString(),
    };
}
