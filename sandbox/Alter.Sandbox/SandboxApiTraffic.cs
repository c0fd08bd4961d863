using Alter.Sandbox.GitHub;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox;

/// <summary>
/// Middleware for Web API calls (not OAuth endpoints): records each one in <see cref="SandboxState.ApiRequests"/>
/// with the status answered, and puts GitHub's rate-limit headers on GitHub's.
/// </summary>
internal sealed class SandboxApiTraffic(SandboxContext sandbox)
{
    private readonly GitHubRateLimit _rateLimit = new(sandbox.Time);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var providerId = Classify(context.Request.Path.Value ?? "");
        if (providerId is null)
        {
            await next(context);
            return;
        }

        if (providerId == SandboxProviders.GitHub) _rateLimit.Apply(context.Response);

        var status = StatusCodes.Status500InternalServerError;
        try
        {
            if (sandbox.State.TakeRateLimit(providerId) is { } retryAfter)
            {
                // Both providers answer 429 with Retry-After when a method's limit is hit.
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(providerId switch
                {
                    SandboxProviders.Slack => """{"ok":false,"error":"ratelimited"}""",
                    SandboxProviders.Spotify => """{"error":{"status":429,"message":"API rate limit exceeded"}}""",
                    SandboxProviders.Discord => """{"message":"You are being rate limited.","retry_after":1.0,"global":false}""",
                    SandboxProviders.Notion => """{"object":"error","status":429,"code":"rate_limited","message":"You have been rate limited. Please try again in a few minutes."}""",
                    _ => """{"message":"API rate limit exceeded","documentation_url":"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"}""",
                });
                status = context.Response.StatusCode;
                return;
            }
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var request = context.Request;
            var authorization = request.Headers.Authorization;
            sandbox.State.RecordApiRequest(new SandboxRequest(
                providerId,
                request.Method,
                request.PathBase + request.Path + request.QueryString,
                authorization.Count == 0 ? null : authorization.ToString(),
                status));
        }
    }

    private static string? Classify(string path)
    {
        const StringComparison Ignore = StringComparison.OrdinalIgnoreCase;
        if (path.StartsWith("/slack/api/", Ignore))
        {
            return path.StartsWith("/slack/api/oauth.", Ignore) || path.StartsWith("/slack/api/auth.revoke", Ignore) ? null : SandboxProviders.Slack;
        }

        if (path.StartsWith("/github/api/", Ignore))
        {
            return path.StartsWith("/github/api/applications/", Ignore) ? null : SandboxProviders.GitHub;
        }

        if (path.StartsWith("/notion/v1/", Ignore))
        {
            return path.StartsWith("/notion/v1/oauth/", Ignore) ? null : SandboxProviders.Notion;
        }

        if (path.StartsWith("/spotify/v1/", Ignore)) return SandboxProviders.Spotify;
        if (path.StartsWith("/discord/api/v10/", Ignore)) return SandboxProviders.Discord;

        return null;
    }
}
