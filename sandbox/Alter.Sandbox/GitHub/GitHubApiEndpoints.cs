using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.GitHub;

/// <summary>A slice of the GitHub REST API: <c>GET user</c>, list, get and create issues of <c>octo-sandbox/hello-world</c>.</summary>
internal sealed class GitHubApiEndpoints(SandboxContext sandbox)
{
    private readonly GitHubRepository _repository = new();
    private GitHubObjects Objects => field ??= new GitHubObjects(sandbox.BaseUri);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("github/api/user", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(Objects.AuthenticatedUser()));
        app.MapGet("github/api/repos/{owner}/{repo}/issues", ListIssues);
        app.MapPost("github/api/repos/{owner}/{repo}/issues", CreateIssueAsync);
        app.MapGet("github/api/repos/{owner}/{repo}/issues/{number:int}", GetIssue);
        app.MapPost("github/api/markdown/raw", RenderMarkdownRawAsync);
        app.Map("github/api/{**path}", (HttpRequest request) => Authenticate(request) ?? GitHubJson.NotFound());
    }

    /// <summary>Null when the token is good; else GitHub's 401 (missing, unknown, expired and revoked alike).</summary>
    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: true);
        return token is not null && sandbox.Tokens.Check(SandboxProviders.GitHub, token) == AccessTokenStatus.Valid
            ? null
            : GitHubJson.BadCredentials();
    }

    /// <summary>GitHub's <c>POST /markdown/raw</c>: a <c>text/plain</c> body in, HTML text out (the sandbox renders headings and paragraphs only).</summary>
    private async Task<IResult> RenderMarkdownRawAsync(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (request.ContentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) != true)
            return SandboxJson.Result(new JsonObject { ["message"] = "Unsupported 'Content-Type' header", ["documentation_url"] = "https://docs.github.com/rest/markdown/markdown#render-a-markdown-document-in-raw-mode" }, StatusCodes.Status415UnsupportedMediaType);
        using var reader = new StreamReader(request.Body);
        var html = string.Join("\n", (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var level = line.TakeWhile(c => c == '#').Count();
            var text = System.Net.WebUtility.HtmlEncode(line[level..].Trim());
            return level is > 0 and <= 6 ? $"<h{level}>{text}</h{level}>" : $"<p>{text}</p>";
        }));
        return Results.Text(html + "\n", "text/html; charset=utf-8");
    }

    private IResult ListIssues(HttpRequest request, string owner, string repo)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (!GitHubRepository.Matches(owner, repo)) return GitHubJson.NotFound(GitHubJson.ListIssuesDocs);

        var query = request.Query;
        var state = query["state"].ToString() is "closed" or "all" ? query["state"].ToString() : "open";
        var labels = query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        IEnumerable<GitHubIssue> issues = _repository.Issues()
            .Where(i => state == "all" || i.State == state)
            .Where(i => labels.All(l => i.Labels.Any(il => string.Equals(il.Name, l, StringComparison.OrdinalIgnoreCase))));
        Func<GitHubIssue, object> key = query["sort"].ToString() switch
        {
            "updated" => i => i.UpdatedAt,
            "comments" => i => i.Comments,
            _ => i => i.CreatedAt,
        };
        var sorted = (query["direction"] == "asc" ? issues.OrderBy(key).ThenBy(i => i.Number) : issues.OrderByDescending(key).ThenByDescending(i => i.Number)).ToList();

        var items = GitHubLinkHeader.Page(request, Objects.IssuesUrl, sorted).Select(i => (JsonNode)Objects.Issue(i)).ToArray();
        return SandboxJson.Result(new JsonArray(items));
    }

    private IResult GetIssue(HttpRequest request, string owner, string repo, int number)
    {
        if (Authenticate(request) is { } denied) return denied;
        var issue = GitHubRepository.Matches(owner, repo) ? _repository.Find(number) : null;
        return issue is null ? GitHubJson.NotFound("https://docs.github.com/rest/issues/issues#get-an-issue") : SandboxJson.Result(Objects.Issue(issue));
    }

    private async Task<IResult> CreateIssueAsync(HttpRequest request, string owner, string repo)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (!GitHubRepository.Matches(owner, repo)) return GitHubJson.NotFound(GitHubJson.CreateIssueDocs);

        JsonObject body;
        try
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            body = string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return GitHubJson.ProblemsParsingJson(GitHubJson.CreateIssueDocs);
        }

        var title = body["title"] is JsonValue t && t.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? t.ToString() : null;
        if (string.IsNullOrEmpty(title)) return GitHubJson.ValidationFailed("Issue", "missing_field", "title", GitHubJson.CreateIssueDocs);

        if (!TryReadStrings(body["labels"], allowObjectsWithName: true, out var labels))
        {
            return GitHubJson.ValidationFailed("Issue", "invalid", "labels", GitHubJson.CreateIssueDocs);
        }

        if (!TryReadStrings(body["assignees"], allowObjectsWithName: false, out var assignees))
        {
            return GitHubJson.ValidationFailed("Issue", "invalid", "assignees", GitHubJson.CreateIssueDocs);
        }

        if (body["assignee"] is JsonValue single && single.TryGetValue(out string? assignee)) assignees.Add(assignee);
        if (assignees.Any(a => !GitHubRepository.Users.ContainsKey(a)))
        {
            return GitHubJson.ValidationFailed("Issue", "invalid", "assignees", GitHubJson.CreateIssueDocs);
        }

        var issueBody = body["body"] is JsonValue b && b.TryGetValue(out string? bodyText) ? bodyText : null;
        var issue = _repository.Create(title, issueBody, labels, assignees, GitHubRepository.Owner, sandbox.Time.GetUtcNow());

        request.HttpContext.Response.Headers.Location = Objects.IssueUrl(issue.Number);
        return SandboxJson.Result(Objects.Issue(issue), StatusCodes.Status201Created);
    }

    private static bool TryReadStrings(JsonNode? node, bool allowObjectsWithName, out List<string> values)
    {
        values = [];
        if (node is null) return true;
        if (node is not JsonArray array) return false;
        foreach (var item in array)
        {
            string? value = item switch
            {
                JsonValue v when v.TryGetValue(out string? s) => s,
                JsonObject o when allowObjectsWithName && o["name"] is JsonValue n && n.TryGetValue(out string? s) => s,
                _ => null,
            };
            if (string.IsNullOrEmpty(value)) return false;
            values.Add(value);
        }

        return true;
    }
}
