using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.GitHub;

/// <summary>
/// GitHub's <c>GET /user/repos</c>: the repositories the authenticated user can reach (its own and one it collaborates on),
/// in GitHub's repository shape, filtered by <c>visibility</c>/<c>affiliation</c>/<c>type</c>, sorted, and paged with
/// <c>per_page</c>/<c>page</c> and a <c>Link</c> header.
/// </summary>
internal sealed class GitHubUserReposEndpoints(SandboxContext sandbox)
{
    private sealed record Repo(long Id, string Owner, string Name, bool Private, string? Description, string Language, DateTimeOffset Created, DateTimeOffset Pushed);

    private static readonly Repo[] s_repos =
    [
        new(GitHubRepository.RepositoryId, GitHubRepository.Owner, GitHubRepository.Name, false, "My first repository on the sandbox.", "C#", new(2011, 1, 26, 19, 1, 12, TimeSpan.Zero), new(2024, 11, 1, 9, 0, 0, TimeSpan.Zero)),
        new(1296270, GitHubRepository.Owner, "dotfiles", true, null, "Shell", new(2015, 6, 2, 8, 30, 0, TimeSpan.Zero), new(2024, 3, 14, 12, 0, 0, TimeSpan.Zero)),
        new(1296271, "monalisa", "octo-notes", false, "Notes the octocats share.", "Markdown", new(2018, 9, 9, 10, 0, 0, TimeSpan.Zero), new(2024, 10, 20, 16, 45, 0, TimeSpan.Zero)),
    ];

    // The base URI is known once the server listens, after the endpoints are mapped.
    private string Api => sandbox.BaseUri.AbsoluteUri + "github/api/";
    private string Html => sandbox.BaseUri.AbsoluteUri + "github/";
    private GitHubObjects Objects => field ??= new GitHubObjects(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app) => app.MapGet("github/api/user/repos", List);

    private IResult List(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: true);
        if (token is null || sandbox.Tokens.Check(SandboxProviders.GitHub, token) != AccessTokenStatus.Valid) return GitHubJson.BadCredentials();

        var query = request.Query;
        const string docs = "https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user";
        if (query.ContainsKey("type") && (query.ContainsKey("visibility") || query.ContainsKey("affiliation")))
            return GitHubJson.ValidationFailed("Repository", "invalid", "type", docs);

        var visibility = query["visibility"].ToString() is { Length: > 0 } v ? v : "all";
        var affiliation = (query["affiliation"].ToString() is { Length: > 0 } a ? a : "owner,collaborator,organization_member").Split(',', StringSplitOptions.TrimEntries);
        var type = query["type"].ToString();
        IEnumerable<Repo> repos = s_repos
            .Where(r => visibility == "all" || (visibility == "private") == r.Private)
            .Where(r => affiliation.Contains(r.Owner == GitHubRepository.Owner ? "owner" : "collaborator"))
            .Where(r => type switch
            {
                "owner" => r.Owner == GitHubRepository.Owner,
                "member" => r.Owner != GitHubRepository.Owner,
                "public" => !r.Private,
                "private" => r.Private,
                _ => true,
            });
        var sort = query["sort"].ToString() is { Length: > 0 } s ? s : "full_name";
        var ascending = query["direction"].ToString() is { Length: > 0 } d ? d == "asc" : sort == "full_name";
        Func<Repo, object> key = sort switch
        {
            "created" => r => r.Created,
            "updated" or "pushed" => r => r.Pushed,
            _ => r => $"{r.Owner}/{r.Name}",
        };
        var sorted = (ascending ? repos.OrderBy(key) : repos.OrderByDescending(key)).ToList();

        return SandboxJson.Result(new JsonArray([.. GitHubLinkHeader.Page(request, Api + "user/repos", sorted).Select(r => (JsonNode)Repository(r))]));
    }

    private JsonObject Repository(Repo r)
    {
        var fullName = $"{r.Owner}/{r.Name}";
        var url = $"{Api}repos/{fullName}";
        var owner = r.Owner == GitHubRepository.Owner;
        var repository = new JsonObject
        {
            ["id"] = r.Id,
            ["node_id"] = $"MDEwOlJlcG9zaXRvcnk{r.Id}",
            ["name"] = r.Name,
            ["full_name"] = fullName,
            ["private"] = r.Private,
            ["owner"] = Objects.SimpleUser(r.Owner),
            ["html_url"] = $"{Html}{fullName}",
            ["description"] = r.Description,
            ["fork"] = false,
            ["url"] = url,
        };
        foreach (var (name, suffix) in s_urls)
        {
            repository[name] = url + suffix;
        }

        repository["git_url"] = $"git://127.0.0.1/{fullName}.git";
        repository["ssh_url"] = $"git@127.0.0.1:{fullName}.git";
        repository["clone_url"] = $"{Html}{fullName}.git";
        repository["svn_url"] = $"{Html}{fullName}";
        repository["mirror_url"] = null;
        repository["homepage"] = null;
        repository["language"] = r.Language;
        repository["forks_count"] = 0;
        repository["stargazers_count"] = owner ? 80 : 12;
        repository["watchers_count"] = owner ? 80 : 12;
        repository["size"] = 108;
        repository["default_branch"] = "main";
        repository["open_issues_count"] = r.Id == GitHubRepository.RepositoryId ? 5 : 0;
        repository["is_template"] = false;
        repository["topics"] = new JsonArray();
        repository["has_issues"] = true;
        repository["has_projects"] = true;
        repository["has_wiki"] = true;
        repository["has_pages"] = false;
        repository["has_downloads"] = true;
        repository["archived"] = false;
        repository["disabled"] = false;
        repository["visibility"] = r.Private ? "private" : "public";
        repository["pushed_at"] = SandboxJson.Timestamp(r.Pushed);
        repository["created_at"] = SandboxJson.Timestamp(r.Created);
        repository["updated_at"] = SandboxJson.Timestamp(r.Pushed);
        repository["permissions"] = new JsonObject { ["admin"] = owner, ["maintain"] = owner, ["push"] = true, ["triage"] = true, ["pull"] = true };
        repository["license"] = null;
        repository["forks"] = 0;
        repository["open_issues"] = repository["open_issues_count"]!.DeepClone();
        repository["watchers"] = repository["watchers_count"]!.DeepClone();
        return repository;
    }

    /// <summary>The repository's hypermedia URLs, in GitHub's order, relative to its API URL.</summary>
    private static readonly (string Name, string Suffix)[] s_urls =
    [
        ("forks_url", "/forks"), ("keys_url", "/keys{/key_id}"), ("collaborators_url", "/collaborators{/collaborator}"),
        ("teams_url", "/teams"), ("hooks_url", "/hooks"), ("issue_events_url", "/issues/events{/number}"), ("events_url", "/events"),
        ("assignees_url", "/assignees{/user}"), ("branches_url", "/branches{/branch}"), ("tags_url", "/tags"),
        ("blobs_url", "/git/blobs{/sha}"), ("git_tags_url", "/git/tags{/sha}"), ("git_refs_url", "/git/refs{/sha}"),
        ("trees_url", "/git/trees{/sha}"), ("statuses_url", "/statuses/{sha}"), ("languages_url", "/languages"),
        ("stargazers_url", "/stargazers"), ("contributors_url", "/contributors"), ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"), ("commits_url", "/commits{/sha}"), ("git_commits_url", "/git/commits{/sha}"),
        ("comments_url", "/comments{/number}"), ("issue_comment_url", "/issues/comments{/number}"), ("contents_url", "/contents/{+path}"),
        ("compare_url", "/compare/{base}...{head}"), ("merges_url", "/merges"), ("archive_url", "/{archive_format}{/ref}"),
        ("downloads_url", "/downloads"), ("issues_url", "/issues{/number}"), ("pulls_url", "/pulls{/number}"),
        ("milestones_url", "/milestones{/number}"), ("notifications_url", "/notifications{?since,all,participating}"),
        ("labels_url", "/labels{/name}"), ("releases_url", "/releases{/id}"), ("deployments_url", "/deployments"),
    ];
}
