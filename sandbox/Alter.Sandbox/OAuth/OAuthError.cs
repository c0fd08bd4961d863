using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.OAuth;

/// <summary>
/// The RFC 6749 §5.2 error body, <c>{"error": ..., "error_description": ...}</c> in that order. The error code, the
/// text and the HTTP status are the provider's; a provider whose body has other fields or another order writes its own.
/// </summary>
internal static class OAuthError
{
    public static IResult Result(string error, string description, int status) =>
        SandboxJson.Result(new JsonObject { ["error"] = error, ["error_description"] = description }, status);
}
