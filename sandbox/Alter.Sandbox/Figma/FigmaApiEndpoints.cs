using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Figma;

/// <summary>
/// A slice of Figma's REST API v1: <c>GET me</c>, <c>GET files/:key</c>, list and post comments, a team's projects and a
/// project's files. A token that is not good (missing, unknown, expired or revoked) gets Figma's
/// <c>403 {"status":403,"err":"Invalid token"}</c>; other errors are <c>{"status":...,"err":...}</c>.
/// </summary>
internal sealed class FigmaApiEndpoints(SandboxContext sandbox)
{
    private readonly FigmaFiles _files = new();

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("figma/v1/me", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(FigmaFiles.Me()));
        app.MapGet("figma/v1/files/{file_key}", (HttpRequest request, string file_key) =>
            Authenticate(request) ?? (file_key == FigmaFiles.FileKey ? SandboxJson.Result(FigmaFiles.File()) : NotFound()));
        app.MapGet("figma/v1/files/{file_key}/comments", (HttpRequest request, string file_key) =>
            Authenticate(request) ?? (file_key == FigmaFiles.FileKey ? SandboxJson.Result(new JsonObject { ["comments"] = _files.Comments() }) : NotFound()));
        app.MapPost("figma/v1/files/{file_key}/comments", PostCommentAsync);
        app.MapGet("figma/v1/teams/{team_id}/projects", (HttpRequest request, string team_id) =>
            Authenticate(request) ?? (team_id == FigmaFiles.TeamId ? SandboxJson.Result(FigmaFiles.TeamProjects()) : NotFound()));
        app.MapGet("figma/v1/projects/{project_id}/files", (HttpRequest request, string project_id) =>
            Authenticate(request) ?? (project_id == FigmaFiles.ProjectId ? SandboxJson.Result(FigmaFiles.ProjectFiles()) : NotFound()));
        app.Map("figma/v1/{**path}", (HttpRequest request) => Authenticate(request) ?? NotFound());
    }

    /// <summary>Null when the bearer token is good; else Figma's <c>403 {"status":403,"err":"Invalid token"}</c>.</summary>
    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        return token is not null && sandbox.Tokens.Check(FigmaEmulation.ProviderId, token) == AccessTokenStatus.Valid
            ? null
            : Error(StatusCodes.Status403Forbidden, "Invalid token");
    }

    /// <summary>Figma's <c>POST /v1/files/:key/comments</c>: <c>message</c> required, <c>comment_id</c> to reply, <c>client_meta</c> to place it.</summary>
    private async Task<IResult> PostCommentAsync(HttpRequest request, string file_key)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (file_key != FigmaFiles.FileKey) return NotFound();

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        var message = body?["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.ToString() : null;
        if (string.IsNullOrEmpty(message)) return Error(StatusCodes.Status400BadRequest, "Invalid parameter: message");

        var parentId = body?["comment_id"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.ToString() : null;
        var comment = _files.AddComment(message, parentId, body?["client_meta"]?.DeepClone() as JsonObject, sandbox.Time.GetUtcNow());
        return comment is null ? NotFound() : SandboxJson.Result(comment);
    }

    private static IResult NotFound() => Error(StatusCodes.Status404NotFound, "Not found");

    private static IResult Error(int status, string err) => SandboxJson.Result(new JsonObject { ["status"] = status, ["err"] = err }, status);
}
