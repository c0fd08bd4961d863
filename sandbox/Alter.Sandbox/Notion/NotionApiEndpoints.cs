using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Notion;

/// <summary>A slice of the Notion API: <c>GET v1/users/me</c> and <c>POST v1/search</c> (cursor pages); every call needs a valid bearer token and <c>Notion-Version</c>.</summary>
internal sealed class NotionApiEndpoints(SandboxContext sandbox)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("notion/v1/users/me", (HttpRequest request) => Check(request) ?? SandboxJson.Result(NotionWorkspace.BotUser()));
        app.MapPost("notion/v1/search", async (HttpRequest request) => Check(request) ?? await NotionSearch.SearchAsync(request));
        app.Map("notion/v1/{**path}", (HttpRequest request) => Check(request) ?? NotionJson.InvalidRequestUrl());
    }

    /// <summary>Null when the call may proceed; else Notion's 401 (missing, unknown, expired, revoked token) or 400 (no version).</summary>
    private IResult? Check(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null || sandbox.Tokens.Check(SandboxProviders.Notion, token) != AccessTokenStatus.Valid) return NotionJson.Unauthorized();
        return string.IsNullOrEmpty(request.Headers["Notion-Version"]) ? NotionJson.MissingVersion() : null;
    }
}
