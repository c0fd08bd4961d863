using System.Text.Json.Nodes;

namespace Alter.Sandbox.GitHub;

/// <summary>GitHub REST objects in GitHub's own shape, with URLs pointing at the sandbox.</summary>
internal sealed class GitHubObjects(Uri baseUri)
{
    private readonly string _api = baseUri.AbsoluteUri + "github/api/";
    private readonly string _html = baseUri.AbsoluteUri + "github/";

    public string IssuesUrl => $"{_api}repos/{GitHubRepository.FullName}/issues";

    public string IssueUrl(int number) => $"{IssuesUrl}/{number}";

    public JsonObject SimpleUser(string login)
    {
        var id = GitHubRepository.Users.TryGetValue(login, out var known) ? known : 0;
        var url = $"{_api}users/{login}";
        return new JsonObject
        {
            ["login"] = login,
            ["id"] = id,
            ["node_id"] = $"MDQ6VXNlcj{id}",
            ["avatar_url"] = $"{_html}avatars/u/{id}?v=4",
            ["gravatar_id"] = "",
            ["url"] = url,
            ["html_url"] = $"{_html}{login}",
            ["followers_url"] = $"{url}/followers",
            ["following_url"] = $"{url}/following{{/other_user}}",
            ["gists_url"] = $"{url}/gists{{/gist_id}}",
            ["starred_url"] = $"{url}/starred{{/owner}}{{/repo}}",
            ["subscriptions_url"] = $"{url}/subscriptions",
            ["organizations_url"] = $"{url}/orgs",
            ["repos_url"] = $"{url}/repos",
            ["events_url"] = $"{url}/events{{/privacy}}",
            ["received_events_url"] = $"{url}/received_events",
            ["type"] = "User",
            ["user_view_type"] = "public",
            ["site_admin"] = false,
        };
    }

    public JsonObject AuthenticatedUser()
    {
        var user = SimpleUser(GitHubRepository.Owner);
        user["user_view_type"] = "private";
        user["name"] = "Octo Sandbox";
        user["company"] = "@alter";
        user["blog"] = "https://example.com/octo-sandbox";
        user["location"] = "127.0.0.1";
        user["email"] = "octo-sandbox@example.com";
        user["hireable"] = null;
        user["bio"] = "I live on the loopback interface.";
        user["twitter_username"] = null;
        user["notification_email"] = "octo-sandbox@example.com";
        user["public_repos"] = 1;
        user["public_gists"] = 0;
        user["followers"] = 20;
        user["following"] = 0;
        user["created_at"] = "2011-01-25T18:44:36Z";
        user["updated_at"] = "2024-11-01T10:00:00Z";
        user["private_gists"] = 0;
        user["total_private_repos"] = 0;
        user["owned_private_repos"] = 0;
        user["disk_usage"] = 108;
        user["collaborators"] = 2;
        user["two_factor_authentication"] = true;
        user["plan"] = new JsonObject { ["name"] = "free", ["space"] = 976562499, ["collaborators"] = 0, ["private_repos"] = 10000 };
        return user;
    }

    public JsonObject Label(GitHubLabel label) => new()
    {
        ["id"] = label.Id,
        ["node_id"] = $"LA_kwDOSBX{label.Id}",
        ["url"] = $"{_api}repos/{GitHubRepository.FullName}/labels/{Uri.EscapeDataString(label.Name)}",
        ["name"] = label.Name,
        ["color"] = label.Color,
        ["default"] = label.Default,
        ["description"] = label.Description,
    };

    public JsonObject Issue(GitHubIssue issue)
    {
        var url = IssueUrl(issue.Number);
        return new JsonObject
        {
            ["url"] = url,
            ["repository_url"] = $"{_api}repos/{GitHubRepository.FullName}",
            ["labels_url"] = $"{url}/labels{{/name}}",
            ["comments_url"] = $"{url}/comments",
            ["events_url"] = $"{url}/events",
            ["html_url"] = $"{_html}{GitHubRepository.FullName}/issues/{issue.Number}",
            ["id"] = issue.Id,
            ["node_id"] = $"I_kwDOSBX{issue.Id}",
            ["number"] = issue.Number,
            ["title"] = issue.Title,
            ["user"] = SimpleUser(issue.Author),
            ["labels"] = new JsonArray(issue.Labels.Select(l => (JsonNode)Label(l)).ToArray()),
            ["state"] = issue.State,
            ["locked"] = false,
            ["assignee"] = issue.Assignees.Count > 0 ? SimpleUser(issue.Assignees[0]) : null,
            ["assignees"] = new JsonArray(issue.Assignees.Select(a => (JsonNode)SimpleUser(a)).ToArray()),
            ["milestone"] = null,
            ["comments"] = issue.Comments,
            ["created_at"] = SandboxJson.Timestamp(issue.CreatedAt),
            ["updated_at"] = SandboxJson.Timestamp(issue.UpdatedAt),
            ["closed_at"] = issue.ClosedAt is { } closed ? SandboxJson.Timestamp(closed) : null,
            ["author_association"] = issue.Author == GitHubRepository.Owner ? "OWNER" : "COLLABORATOR",
            ["active_lock_reason"] = null,
            ["body"] = issue.Body,
            ["closed_by"] = null,
            ["timeline_url"] = $"{url}/timeline",
            ["performed_via_github_app"] = null,
            ["state_reason"] = null,
        };
    }
}
