using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.Google;

/// <summary>Google's API errors: <c>{"error": {"code", "message", "errors": [...], "status"}}</c>, and the token check every Google API does first.</summary>
internal static class GoogleApiErrors
{
    public const string RateLimitBody =
        """{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","errors":[{"message":"Resource has been exhausted (e.g. check quota).","domain":"global","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""";

    private const string SeeConsole = " See https://developers.google.com/identity/sign-in/web/devconsole-project.";

    /// <summary>Null when the bearer token is valid for <paramref name="providerId"/>; else Google's 401 (missing, or invalid/expired/revoked: Google does not tell them apart).</summary>
    public static IResult? Authenticate(HttpRequest request, TokenStore tokens, string providerId)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null)
        {
            return Unauthenticated(
                "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential." + SeeConsole,
                new JsonObject { ["message"] = "Login Required.", ["domain"] = "global", ["reason"] = "required", ["location"] = "Authorization", ["locationType"] = "header" },
                request);
        }

        return tokens.Check(providerId, token) == AccessTokenStatus.Valid
            ? null
            : Unauthenticated(
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential." + SeeConsole,
                new JsonObject { ["message"] = "Invalid Credentials", ["domain"] = "global", ["reason"] = "authError", ["location"] = "Authorization", ["locationType"] = "header" },
                request,
                invalidToken: true);
    }

    private static IResult Unauthenticated(string message, JsonObject detail, HttpRequest request, bool invalidToken = false)
    {
        request.HttpContext.Response.Headers.WWWAuthenticate = invalidToken
            ? "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""
            : "Bearer realm=\"https://accounts.google.com/\"";
        return Error(StatusCodes.Status401Unauthorized, message, "UNAUTHENTICATED", detail);
    }

    /// <summary>Google's error object.</summary>
    public static IResult Error(int code, string message, string status, JsonObject detail) =>
        SandboxJson.Result(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["errors"] = new JsonArray(detail),
                ["status"] = status,
            },
        }, code);

    /// <summary>404 for a path the slice does not emulate (Google's bare 404 page is HTML; a JSON body keeps the tests readable).</summary>
    public static IResult NotFound(string what) =>
        Error(StatusCodes.Status404NotFound, $"Requested entity was not found.", "NOT_FOUND",
            new JsonObject { ["message"] = "Requested entity was not found.", ["domain"] = "global", ["reason"] = "notFound", ["location"] = what });

    /// <summary>
    /// The <c>fields</c> parameter (partial response), top level only: <c>user,storageQuota</c> or <c>files(id,name),nextPageToken</c>
    /// keeps <c>user</c> and <c>storageQuota</c>, or <c>files</c> and <c>nextPageToken</c>; <c>*</c> or none keeps all.
    /// </summary>
    public static JsonObject Select(JsonObject body, string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields) || fields.Trim() == "*") return body;
        var keep = new HashSet<string>(StringComparer.Ordinal);
        int depth = 0, start = 0;
        for (int i = 0; i <= fields.Length; i++)
        {
            char c = i < fields.Length ? fields[i] : ',';
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0)
            {
                string part = fields[start..i].Trim();
                int cut = part.IndexOfAny(['(', '/']);
                keep.Add(cut < 0 ? part : part[..cut]);
                start = i + 1;
            }
        }

        var result = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (keep.Contains(name)) result[name] = value?.DeepClone();
        }

        return result;
    }
}
