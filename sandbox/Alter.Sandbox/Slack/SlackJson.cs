using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.Slack;

/// <summary>Slack's answers: always a JSON object with <c>ok</c>, and errors with HTTP 200.</summary>
internal static class SlackJson
{
    public static IResult Error(string error) => SandboxJson.Result(new JsonObject { ["ok"] = false, ["error"] = error });

    public static IResult Ok(JsonObject body) => SandboxJson.Result(body);
}
