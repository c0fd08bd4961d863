using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.OAuth;

/// <summary>Reads an OAuth endpoint's <c>application/x-www-form-urlencoded</c> body; any other body reads as an empty form.</summary>
internal static class OAuthForm
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request) =>
        request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : FormCollection.Empty;
}
