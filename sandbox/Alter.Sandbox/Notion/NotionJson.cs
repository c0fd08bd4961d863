using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.Notion;

/// <summary>Notion's error bodies: <c>object: "error"</c>, <c>status</c>, <c>code</c>, <c>message</c>, <c>request_id</c>.</summary>
internal static class NotionJson
{
    public static IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "unauthorized", "API token is invalid.");

    public static IResult MissingVersion() => Error(StatusCodes.Status400BadRequest, "missing_version",
        "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");

    public static IResult InvalidRequestUrl() => Error(StatusCodes.Status400BadRequest, "invalid_request_url", "Invalid request URL.");

    public static IResult Error(int status, string code, string message) =>
        SandboxJson.Result(
            new JsonObject
            {
                ["object"] = "error",
                ["status"] = status,
                ["code"] = code,
                ["message"] = message,
                ["request_id"] = Guid.NewGuid().ToString(),
            },
            status);
}
