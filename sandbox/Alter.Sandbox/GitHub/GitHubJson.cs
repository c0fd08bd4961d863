using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.GitHub;

/// <summary>GitHub's REST error bodies: <c>message</c>, <c>documentation_url</c>, <c>status</c> (a string).</summary>
internal static class GitHubJson
{
    public const string RestDocs = "https://docs.github.com/rest";
    public const string ListIssuesDocs = "https://docs.github.com/rest/issues/issues#list-repository-issues";
    public const string CreateIssueDocs = "https://docs.github.com/rest/issues/issues#create-an-issue";
    public const string DeleteTokenDocs = "https://docs.github.com/rest/apps/oauth-applications#delete-an-app-token";

    public static IResult BadCredentials() => Error("Bad credentials", RestDocs, StatusCodes.Status401Unauthorized);

    public static IResult NotFound(string documentationUrl = RestDocs) => Error("Not Found", documentationUrl, StatusCodes.Status404NotFound);

    public static IResult ProblemsParsingJson(string documentationUrl) =>
        Error("Problems parsing JSON", documentationUrl, StatusCodes.Status400BadRequest);

    public static IResult InvalidRequest(string detail, string documentationUrl) =>
        Error($"Invalid request.\n\n{detail}", documentationUrl, StatusCodes.Status422UnprocessableEntity);

    public static IResult ValidationFailed(string resource, string code, string field, string documentationUrl) =>
        SandboxJson.Result(
            new JsonObject
            {
                ["message"] = "Validation Failed",
                ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field }),
                ["documentation_url"] = documentationUrl,
                ["status"] = "422",
            },
            StatusCodes.Status422UnprocessableEntity);

    private static IResult Error(string message, string documentationUrl, int status) =>
        SandboxJson.Result(
            new JsonObject
            {
                ["message"] = message,
                ["documentation_url"] = documentationUrl,
                ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            status);
}
