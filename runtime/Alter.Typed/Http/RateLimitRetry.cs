using System.Globalization;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Alter.Typed.Http;

/// <summary>
/// Honours providers' rate limits with bounded retries (Microsoft.Extensions.Http.Resilience / Polly):
/// 429 on any method, and GitHub's 403 with <c>x-ratelimit-remaining: 0</c>, wait for <c>Retry-After</c> or
/// <c>x-ratelimit-reset</c>; transient failures (5xx, 408, network) are retried for idempotent methods only, so a
/// message is never posted twice. A wait longer than <see cref="AlterOptions.MaxRateLimitWait"/> is not retried: the
/// caller gets the provider's answer at once rather than a hang.
/// </summary>
internal static class RateLimitRetry
{
    public static ResilienceHandler CreateHandler(AlterOptions options, HttpMessageHandler inner)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            ShouldRetryAfterHeader = false, // handled below, together with x-ratelimit-reset
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options.MaxRateLimitWait)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? ProviderDelay(response, TimeProvider.System) : null),
        };
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(retry).Build();
        return new ResilienceHandler(pipeline) { InnerHandler = inner };
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxWait)
    {
        if (outcome.Result is { } response)
        {
            if (IsRateLimited(response))
                return (ProviderDelay(response, TimeProvider.System) ?? TimeSpan.Zero) <= maxWait;
            if (response.StatusCode is HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError)
                return IsIdempotent(response.RequestMessage?.Method ?? context.GetRequestMessage()?.Method);
            return false;
        }
        return outcome.Exception is HttpRequestException or TimeoutException && IsIdempotent(context.GetRequestMessage()?.Method);
    }

    private static bool IsRateLimited(HttpResponseMessage response)
        => response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.Forbidden && Header(response, "x-ratelimit-remaining") == "0");

    /// <summary>The wait the provider asked for: <c>Retry-After</c> (seconds or a date), else <c>x-ratelimit-reset</c> (epoch seconds).</summary>
    internal static TimeSpan? ProviderDelay(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta) return delta;
            if (retryAfter.Date is { } date) return Max(date - time.GetUtcNow());
        }
        if (IsRateLimited(response) && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow());
        return null;
    }

    private static TimeSpan Max(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool IsIdempotent(HttpMethod? method)
        => method is not null && (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put || method == HttpMethod.Delete);
}
