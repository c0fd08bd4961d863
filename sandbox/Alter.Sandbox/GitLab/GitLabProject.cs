using System.Text.Json.Nodes;

namespace Alter.Sandbox.GitLab;

/// <summary>The one project the sandbox hosts (<c>ada/hello-gitlab</c>, id 4711), its issues and merge requests, shaped as GitLab's REST API v4 answers them. Thread-safe.</summary>
internal sealed class GitLabProject
{
    public const long Id = 4711;
    public const string PathWithNamespace = "ada/hello-gitlab";
    public const long UserId = 1234567;
    public const string Username = "ada";

    private static readonly DateTimeOffset Created = new(2024, 3, 4, 9, 15, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _issues =
    [
        NewIssue(1001, 1, "Document the sandbox", "Explain how the emulation works.", ["documentation"], "closed", Created.AddDays(1)),
        NewIssue(1002, 2, "Token refresh fails after two hours", "Access tokens expire after 7200 seconds.", ["bug"], "opened", Created.AddDays(2)),
    ];
    private long _nextId = 1003;

    private const string Web = "https://gitlab.com/";

    /// <summary>Whether <paramref name="id"/> (an ID or a URL-encoded path, as GitLab takes it) names the project.</summary>
    public static bool Matches(string id)
    {
        var decoded = Uri.UnescapeDataString(id);
        return decoded == Id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            || string.Equals(decoded, PathWithNamespace, StringComparison.OrdinalIgnoreCase);
    }

    // The fields of GitLab's "Get the current user" example (doc/api/users.md, GET /user as a regular user): no skype
    // (gone from the profile API), with github, followers, following and preferred_language.
    public JsonObject CurrentUser() => new()
    {
        ["id"] = UserId,
        ["username"] = Username,
        ["email"] = "ada@example.com",
        ["name"] = "Ada Lovelace",
        ["state"] = "active",
        ["locked"] = false,
        ["avatar_url"] = "https://secure.gravatar.com/avatar/0c3b1bd5ca1d7d4bdb4e21f7b2b4ce62?s=80&d=identicon",
        ["web_url"] = $"{Web}{Username}",
        ["created_at"] = Timestamp(Created.AddYears(-2)),
        ["bio"] = "",
        ["location"] = "London",
        ["public_email"] = null,
        ["linkedin"] = "",
        ["twitter"] = "",
        ["discord"] = "",
        ["github"] = "",
        ["website_url"] = "",
        ["organization"] = "",
        ["job_title"] = "Analyst",
        ["pronouns"] = null,
        ["bot"] = false,
        ["work_information"] = null,
        ["followers"] = 0,
        ["following"] = 0,
        ["local_time"] = null,
        ["last_sign_in_at"] = Timestamp(Created.AddDays(10)),
        ["confirmed_at"] = Timestamp(Created.AddYears(-2)),
        ["last_activity_on"] = "2024-03-14",
        ["theme_id"] = 3,
        ["color_scheme_id"] = 1,
        ["projects_limit"] = 100000,
        ["current_sign_in_at"] = Timestamp(Created.AddDays(12)),
        ["identities"] = new JsonArray(),
        ["can_create_group"] = true,
        ["can_create_project"] = true,
        ["two_factor_enabled"] = true,
        ["external"] = false,
        ["private_profile"] = false,
        ["commit_email"] = "ada@example.com",
        ["preferred_language"] = "en",
    };

    public JsonObject Project() => new()
    {
        ["id"] = Id,
        ["description"] = "A project the AlterTyped sandbox hosts.",
        ["name"] = "hello-gitlab",
        ["name_with_namespace"] = "Ada Lovelace / hello-gitlab",
        ["path"] = "hello-gitlab",
        ["path_with_namespace"] = PathWithNamespace,
        ["created_at"] = Timestamp(Created),
        ["default_branch"] = "main",
        ["tag_list"] = new JsonArray(),
        ["topics"] = new JsonArray("sandbox"),
        ["ssh_url_to_repo"] = $"git@gitlab.com:{PathWithNamespace}.git",
        ["http_url_to_repo"] = $"{Web}{PathWithNamespace}.git",
        ["web_url"] = $"{Web}{PathWithNamespace}",
        ["readme_url"] = $"{Web}{PathWithNamespace}/-/blob/main/README.md",
        ["forks_count"] = 0,
        ["avatar_url"] = null,
        ["star_count"] = 3,
        ["last_activity_at"] = Timestamp(Created.AddDays(12)),
        ["namespace"] = new JsonObject
        {
            ["id"] = 2345678,
            ["name"] = "Ada Lovelace",
            ["path"] = Username,
            ["kind"] = "user",
            ["full_path"] = Username,
            ["parent_id"] = null,
            ["avatar_url"] = null,
            ["web_url"] = $"{Web}{Username}",
        },
        ["visibility"] = "private",
        ["archived"] = false,
        ["open_issues_count"] = OpenIssues(),
        ["issues_enabled"] = true,
        ["merge_requests_enabled"] = true,
        ["creator_id"] = UserId,
        ["empty_repo"] = false,
    };

    public IReadOnlyList<JsonObject> Issues()
    {
        lock (_gate) return [.. _issues.Select(i => i.DeepClone().AsObject())];
    }

    public JsonObject CreateIssue(string title, string? description, IReadOnlyList<string> labels, bool confidential, string? dueDate, DateTimeOffset now)
    {
        lock (_gate)
        {
            var id = _nextId++;
            var issue = NewIssue(id, _issues.Count + 1, title, description, labels, "opened", now);
            issue["confidential"] = confidential;
            issue["due_date"] = dueDate;
            _issues.Add(issue);
            return issue.DeepClone().AsObject();
        }
    }

    public JsonObject MergeRequest() => new()
    {
        ["id"] = 2001,
        ["iid"] = 1,
        ["project_id"] = Id,
        ["title"] = "Refresh tokens before they expire",
        ["description"] = "Closes #2",
        ["state"] = "opened",
        ["created_at"] = Timestamp(Created.AddDays(3)),
        ["updated_at"] = Timestamp(Created.AddDays(4)),
        ["merged_by"] = null,
        ["merge_user"] = null,
        ["merged_at"] = null,
        ["closed_by"] = null,
        ["closed_at"] = null,
        ["target_branch"] = "main",
        ["source_branch"] = "refresh-early",
        ["user_notes_count"] = 1,
        ["upvotes"] = 0,
        ["downvotes"] = 0,
        ["author"] = Author(),
        ["assignees"] = new JsonArray(Author()),
        ["assignee"] = Author(),
        ["reviewers"] = new JsonArray(),
        ["source_project_id"] = Id,
        ["target_project_id"] = Id,
        ["labels"] = new JsonArray("bug"),
        ["draft"] = false,
        ["work_in_progress"] = false,
        ["milestone"] = null,
        ["merge_when_pipeline_succeeds"] = false,
        ["merge_status"] = "can_be_merged",
        ["detailed_merge_status"] = "mergeable",
        ["sha"] = "8a2b6c4e0f1d3a5b7c9e1f3a5b7c9d1e3f5a7b9c",
        ["merge_commit_sha"] = null,
        ["squash_commit_sha"] = null,
        ["discussion_locked"] = null,
        ["should_remove_source_branch"] = null,
        ["force_remove_source_branch"] = true,
        ["reference"] = "!1",
        ["references"] = References("!1"),
        ["web_url"] = $"{Web}{PathWithNamespace}/-/merge_requests/1",
        ["squash"] = false,
        ["has_conflicts"] = false,
    };

    private int OpenIssues()
    {
        lock (_gate) return _issues.Count(i => (string?)i["state"] == "opened");
    }

    private static JsonObject NewIssue(long id, long iid, string title, string? description, IReadOnlyList<string> labels, string state, DateTimeOffset created) => new()
    {
        ["id"] = id,
        ["iid"] = iid,
        ["project_id"] = Id,
        ["title"] = title,
        ["description"] = description,
        ["state"] = state,
        ["created_at"] = Timestamp(created),
        ["updated_at"] = Timestamp(created),
        ["closed_at"] = state == "closed" ? Timestamp(created.AddHours(1)) : null,
        ["closed_by"] = state == "closed" ? Author() : null,
        ["labels"] = new JsonArray([.. labels.Select(l => (JsonNode)l)]),
        ["milestone"] = null,
        ["assignees"] = new JsonArray(),
        ["author"] = Author(),
        ["type"] = "ISSUE",
        ["assignee"] = null,
        ["user_notes_count"] = 0,
        ["merge_requests_count"] = 0,
        ["upvotes"] = 0,
        ["downvotes"] = 0,
        ["due_date"] = null,
        ["confidential"] = false,
        ["discussion_locked"] = null,
        ["issue_type"] = "issue",
        ["web_url"] = $"{Web}{PathWithNamespace}/-/issues/{iid}",
        ["references"] = References($"#{iid}"),
    };

    private static JsonObject Author() => new()
    {
        ["id"] = UserId,
        ["username"] = Username,
        ["name"] = "Ada Lovelace",
        ["state"] = "active",
        ["locked"] = false,
        ["avatar_url"] = "https://secure.gravatar.com/avatar/0c3b1bd5ca1d7d4bdb4e21f7b2b4ce62?s=80&d=identicon",
        ["web_url"] = $"{Web}{Username}",
    };

    private static JsonObject References(string shortRef) => new()
    {
        ["short"] = shortRef,
        ["relative"] = shortRef,
        ["full"] = PathWithNamespace + shortRef,
    };

    /// <summary>GitLab's timestamps: UTC with milliseconds, <c>2024-03-04T09:15:00.000Z</c>.</summary>
    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
