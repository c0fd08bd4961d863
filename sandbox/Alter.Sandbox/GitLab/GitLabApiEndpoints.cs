using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.GitLab;

/// <summary>
/// A slice of GitLab's REST API v4: <c>GET user</c>, <c>GET projects</c>, <c>GET projects/:id</c>, list and create
/// issues, list merge requests, with GitLab's 401 bodies (Grape's for a missing or unknown token, Doorkeeper's
/// <c>invalid_token</c> for an expired or revoked one) and its pagination headers.
/// </summary>
internal sealed class GitLabApiEndpoints(SandboxContext sandbox)
{
    private readonly GitLabProject _project = new();

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("gitlab/api/v4/user", (HttpRequest request) => Authenticate(request, UserScopes) ?? SandboxJson.Result(_project.CurrentUser()));
        app.MapGet("gitlab/api/v4/projects", ListProjects);
        app.MapGet("gitlab/api/v4/projects/{id}", (HttpRequest request, string id) =>
            Authenticate(request, ReadScopes) ?? (GitLabProject.Matches(id) ? SandboxJson.Result(_project.Project()) : ProjectNotFound()));
        app.MapGet("gitlab/api/v4/projects/{id}/issues", ListIssues);
        app.MapPost("gitlab/api/v4/projects/{id}/issues", CreateIssueAsync);
        app.MapGet("gitlab/api/v4/projects/{id}/merge_requests", ListMergeRequests);
        app.Map("gitlab/api/v4/{**path}", (HttpRequest request) => Authenticate(request, UserScopes)
            ?? SandboxJson.Result(new JsonObject { ["error"] = "404 Not Found" }, StatusCodes.Status404NotFound));
    }

    // GitLab's scopes: read_user reads the user's profile, read_api reads the whole API, api reads and writes it.
    private static readonly string[] UserScopes = ["read_user", "read_api", "api"], ReadScopes = ["read_api", "api"], WriteScopes = ["api"];

    /// <summary>
    /// Null when the bearer token is good and was granted one of <paramref name="anyOf"/>. Else GitLab's 401:
    /// <c>{"message":"401 Unauthorized"}</c> for a missing or unknown token, the OAuth <c>invalid_token</c> body for an
    /// expired or revoked one; or its 403 <c>insufficient_scope</c> body naming the scopes that would do.
    /// </summary>
    private IResult? Authenticate(HttpRequest request, string[] anyOf)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        var status = token is null ? AccessTokenStatus.Unknown : sandbox.Tokens.Check(GitLabEmulation.ProviderId, token);
        return status switch
        {
            AccessTokenStatus.Valid when sandbox.Tokens.GrantedScopes(GitLabEmulation.ProviderId, token!).Intersect(anyOf).Any() => null,
            AccessTokenStatus.Valid => SandboxJson.Result(new JsonObject
            {
                ["error"] = "insufficient_scope",
                ["error_description"] = "The request requires higher privileges than provided by the access token.",
                ["scope"] = string.Join(' ', anyOf),
            }, StatusCodes.Status403Forbidden),
            AccessTokenStatus.Expired => InvalidToken("Token is expired. You can either do re-authorization or token refresh."),
            AccessTokenStatus.Revoked => InvalidToken("Token was revoked. You have to re-authorize from the user."),
            _ => SandboxJson.Result(new JsonObject { ["message"] = "401 Unauthorized" }, StatusCodes.Status401Unauthorized),
        };
    }

    private IResult ListProjects(HttpRequest request)
    {
        if (Authenticate(request, ReadScopes) is { } denied) return denied;
        var search = request.Query["search"].ToString();
        var archived = request.Query["archived"].ToString() == "true";
        var projects = archived || (search.Length > 0 && !"hello-gitlab".Contains(search, StringComparison.OrdinalIgnoreCase))
            ? []
            : new[] { _project.Project() };
        return Page(request, projects);
    }

    private IResult ListIssues(HttpRequest request, string id)
    {
        if (Authenticate(request, ReadScopes) is { } denied) return denied;
        if (!GitLabProject.Matches(id)) return ProjectNotFound();

        var query = request.Query;
        var state = query["state"].ToString();
        var labels = query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var search = query["search"].ToString();
        IEnumerable<JsonObject> issues = _project.Issues()
            .Where(i => state is not ("opened" or "closed") || (string?)i["state"] == state)
            .Where(i => labels.All(l => i["labels"]!.AsArray().Any(il => string.Equals((string?)il, l, StringComparison.OrdinalIgnoreCase))))
            .Where(i => search.Length == 0 || ((string?)i["title"])!.Contains(search, StringComparison.OrdinalIgnoreCase));
        issues = query["sort"] == "asc" ? issues.OrderBy(i => (long)i["id"]!) : issues.OrderByDescending(i => (long)i["id"]!);
        return Page(request, [.. issues]);
    }

    private IResult ListMergeRequests(HttpRequest request, string id)
    {
        if (Authenticate(request, ReadScopes) is { } denied) return denied;
        if (!GitLabProject.Matches(id)) return ProjectNotFound();
        var state = request.Query["state"].ToString();
        var mergeRequest = _project.MergeRequest();
        return Page(request, state is "" or "all" or "opened" ? [mergeRequest] : []);
    }

    /// <summary>GitLab takes the issue's attributes as JSON or as a form; <c>title</c> is required (Grape's <c>{"error":"title is missing"}</c>).</summary>
    private async Task<IResult> CreateIssueAsync(HttpRequest request, string id)
    {
        if (Authenticate(request, WriteScopes) is { } denied) return denied;
        if (!GitLabProject.Matches(id)) return ProjectNotFound();

        JsonObject body;
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                body = [];
                foreach (var (name, value) in form) body[name] = value.ToString();
            }
            else
            {
                using var reader = new StreamReader(request.Body);
                var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
                body = string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? throw new JsonException();
            }
        }
        catch (JsonException)
        {
            return SandboxJson.Result(new JsonObject { ["error"] = "400 Bad Request" }, StatusCodes.Status400BadRequest);
        }

        var title = Text(body["title"]);
        if (string.IsNullOrEmpty(title)) return SandboxJson.Result(new JsonObject { ["error"] = "title is missing" }, StatusCodes.Status400BadRequest);

        var labels = (Text(body["labels"]) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var confidential = body["confidential"] is JsonValue c && (c.GetValueKind() == JsonValueKind.True || c.ToString() == "true");
        var issue = _project.CreateIssue(title, Text(body["description"]), labels, confidential, Text(body["due_date"]), sandbox.Time.GetUtcNow());
        return SandboxJson.Result(issue, StatusCodes.Status201Created);
    }

    /// <summary>GitLab's offset pagination: <c>page</c>/<c>per_page</c> (default 20, at most 100) and its <c>X-*</c> headers.</summary>
    private static IResult Page(HttpRequest request, IReadOnlyList<JsonObject> items)
    {
        var perPage = int.TryParse(request.Query["per_page"], out var pp) && pp > 0 ? Math.Min(pp, 100) : 20;
        var page = int.TryParse(request.Query["page"], out var p) && p > 0 ? p : 1;
        var totalPages = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var headers = request.HttpContext.Response.Headers;
        headers["X-Page"] = page.ToString(CultureInfo.InvariantCulture);
        headers["X-Per-Page"] = perPage.ToString(CultureInfo.InvariantCulture);
        headers["X-Total"] = items.Count.ToString(CultureInfo.InvariantCulture);
        headers["X-Total-Pages"] = totalPages.ToString(CultureInfo.InvariantCulture);
        headers["X-Next-Page"] = page < totalPages ? (page + 1).ToString(CultureInfo.InvariantCulture) : "";
        headers["X-Prev-Page"] = page > 1 ? (page - 1).ToString(CultureInfo.InvariantCulture) : "";
        return SandboxJson.Result(new JsonArray([.. items.Skip((page - 1) * perPage).Take(perPage)]));
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : null;

    private static IResult InvalidToken(string description) =>
        OAuthError.Result("invalid_token", description, StatusCodes.Status401Unauthorized);

    private static IResult ProjectNotFound() =>
        SandboxJson.Result(new JsonObject { ["message"] = "404 Project Not Found" }, StatusCodes.Status404NotFound);
}
