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
        var emulation = Classify(context.Request.Path.Value ?? "");
        if (emulation is null)
        {
            await next(context);
            return;
        }

        var providerId = emulation.Id;
        if (providerId == SandboxProviders.GitHub) _rateLimit.Apply(context.Response);

        // Recorded when the response starts, before the client can see it: recorded after `next` returned, a test that
        // read ApiRequests right after its call could find the last request missing (seen once in a loaded CI-like run).
        var recorded = 0;
        void Record(int status)
        {
            if (Interlocked.Exchange(ref recorded, 1) != 0) return;
            var request = context.Request;
            var authorization = request.Headers.Authorization;
            sandbox.State.RecordApiRequest(new SandboxRequest(
                providerId,
                request.Method,
                request.PathBase + request.Path + request.QueryString,
                authorization.Count == 0 ? null : authorization.ToString(),
                status));
        }
        context.Response.OnStarting(() =>
        {
            Record(context.Response.StatusCode);
            return Task.CompletedTask;
        });

        var status = StatusCodes.Status500InternalServerError;
        try
        {
            if (sandbox.State.TakeRateLimit(providerId) is { } retryAfter)
            {
                // Every emulated provider answers 429 with Retry-After when a method's limit is hit.
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(emulation.RateLimitBody);
                status = context.Response.StatusCode;
                return;
            }
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            Record(status); // a response that never started (an exception: the server answers 500 after this)
        }
    }

    private static SandboxEmulation? Classify(string path)
    {
        foreach (var emulation in SandboxEmulations.All)
        {
            if (path.StartsWith(emulation.ApiPathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return emulation.IsOAuthPath(path) ? null : emulation;
            }
        }

        return null;
    }
}
