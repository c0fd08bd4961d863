using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Asana;

/// <summary>
/// A slice of Asana's REST API 1.0: <c>GET users/me</c>, <c>GET workspaces</c>, <c>GET projects</c>, <c>GET tasks</c>,
/// <c>GET tasks/{task_gid}</c> and <c>POST tasks</c>. Every body, in and out, is wrapped in Asana's <c>data</c>
/// envelope; errors are <c>{"errors":[{"message":...,"help":...}]}</c>, 401 <c>Not Authorized</c> for any token that is not good,
/// 404 <c>task: Not a recognized ID: {gid}</c> for an unknown task.
/// </summary>
internal sealed class AsanaApiEndpoints(SandboxContext sandbox)
{
    private readonly AsanaWorkspace _workspace = new();

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("asana/api/1.0/users/me", (HttpRequest request) => Authenticate(request) ?? Data(AsanaWorkspace.User()));
        app.MapGet("asana/api/1.0/workspaces", (HttpRequest request) => Authenticate(request) ?? List(request, [AsanaWorkspace.Workspace()]));
        app.MapGet("asana/api/1.0/projects", ListProjects);
        app.MapGet("asana/api/1.0/tasks", ListTasks);
        app.MapGet("asana/api/1.0/tasks/{task_gid}", (HttpRequest request, string task_gid) =>
            Authenticate(request) ?? (_workspace.Task(task_gid) is { } task ? Data(task) : Error(StatusCodes.Status404NotFound, $"task: Not a recognized ID: {task_gid}")));
        app.MapPost("asana/api/1.0/tasks", CreateTaskAsync);
        app.Map("asana/api/1.0/{**path}", (HttpRequest request) => Authenticate(request) ?? Error(StatusCodes.Status404NotFound, "No matching route for request"));
    }

    /// <summary>Null when the bearer token is good; else Asana's 401 <c>{"errors":[{"message":"Not Authorized","help":...}]}</c> (missing, unknown, expired and revoked alike).</summary>
    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        return token is not null && sandbox.Tokens.Check(AsanaEmulation.ProviderId, token) == AccessTokenStatus.Valid
            ? null
            : Error(StatusCodes.Status401Unauthorized, "Not Authorized");
    }

    private IResult ListProjects(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        var workspace = request.Query["workspace"].ToString();
        var archived = request.Query["archived"].ToString() == "true";
        return List(request, (workspace.Length == 0 || workspace == AsanaWorkspace.WorkspaceGid) && !archived ? [AsanaWorkspace.Project()] : []);
    }

    /// <summary>Asana lists tasks of a project or section, or of an assignee within a workspace: exactly one of those filters (a workspace alone is refused too).</summary>
    private IResult ListTasks(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        var query = request.Query;
        string project = query["project"].ToString(), section = query["section"].ToString(), tag = query["tag"].ToString();
        string assignee = query["assignee"].ToString(), workspace = query["workspace"].ToString();
        var byContainer = new[] { project, section, tag }.Count(v => v.Length > 0);
        var byAssignee = assignee.Length > 0 && workspace.Length > 0;
        if (byContainer == 0 && assignee.Length == 0 && workspace.Length == 0 && query["user_task_list"].ToString().Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, "You should specify one of workspace, project, tag, section, user_task_list");
        }

        if (byContainer + (byAssignee ? 1 : 0) != 1 || (assignee.Length > 0) != (workspace.Length > 0))
        {
            return Error(StatusCodes.Status400BadRequest, "Must specify exactly one of project, tag, section, user task list, or assignee + workspace");
        }

        var me = assignee is "me" or AsanaWorkspace.UserGid or AsanaWorkspace.UserEmail;
        return List(request, _workspace.CompactTasks(t =>
            byAssignee
                ? workspace == AsanaWorkspace.WorkspaceGid && me && t["assignee"] is not null
                : project == AsanaWorkspace.ProjectGid && t["projects"]!.AsArray().Count > 0));
    }

    /// <summary>Asana's <c>POST /tasks</c>: the fields inside <c>data</c>; a workspace, parent or project is required; 201 with the full task.</summary>
    private async Task<IResult> CreateTaskAsync(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;

        JsonObject? data;
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            data = body?["data"] as JsonObject;
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "Could not parse request data, invalid JSON");
        }

        if (data is null) return Error(StatusCodes.Status400BadRequest, "data: Missing input");

        var projects = data["projects"] is JsonArray array ? array.Select(p => p?.ToString() ?? "").ToList() : [];
        var workspace = Text(data["workspace"]);
        if (workspace is null && projects.Count == 0 && Text(data["parent"]) is null)
        {
            return Error(StatusCodes.Status400BadRequest, "You should specify one of workspace, parent, projects");
        }

        if ((workspace is not null && workspace != AsanaWorkspace.WorkspaceGid) || projects.Any(p => p != AsanaWorkspace.ProjectGid))
        {
            return Error(StatusCodes.Status404NotFound, "Unknown object: " + (projects.FirstOrDefault(p => p != AsanaWorkspace.ProjectGid) ?? workspace));
        }

        var assignee = Text(data["assignee"]) is "me" or AsanaWorkspace.UserGid or AsanaWorkspace.UserEmail ? AsanaWorkspace.UserGid : null;
        var task = _workspace.CreateTask(Text(data["name"]) ?? "", Text(data["notes"]) ?? "", projects, assignee, Text(data["due_on"]), sandbox.Time.GetUtcNow());
        return Data(task, StatusCodes.Status201Created);
    }

    private static IResult Data(JsonNode value, int status = StatusCodes.Status200OK) => SandboxJson.Result(new JsonObject { ["data"] = value }, status);

    /// <summary>A collection: <c>data</c> and, when the caller paginates (<c>limit</c>), <c>next_page</c> (null on the last page).</summary>
    private static IResult List(HttpRequest request, IReadOnlyList<JsonObject> items)
    {
        var body = new JsonObject { ["data"] = new JsonArray([.. items]) };
        if (request.Query.ContainsKey("limit")) body["next_page"] = null;
        return SandboxJson.Result(body);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.ToString() : null;

    /// <summary>Asana's error body: every error carries the same <c>help</c> line after its <c>message</c>.</summary>
    private static IResult Error(int status, string message) =>
        SandboxJson.Result(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["help"] = Help }) }, status);

    private const string Help = "For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors";
}
