using System.Globalization;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Alter.Typed.Http;

/// <summary>
/// The one retry mechanism (Microsoft.Extensions.Http.Resilience / Polly, on the options' <see cref="TimeProvider"/>):
/// 429 on any method, and GitHub's 403 with <c>x-ratelimit-remaining: 0</c>, wait for <c>Retry-After</c> or
/// <c>x-ratelimit-reset</c>; transient failures (5xx, 408, network) are retried for idempotent methods only, so a
/// message is never posted twice. A wait longer than <see cref="AlterOptions.MaxRateLimitWait"/> is not retried: the
/// caller gets the provider's answer at once rather than a hang. <see cref="AlterOptions.MaxRetries"/> = 0: no retry.
/// </summary>
internal sealed class RateLimitRetry
{
    private readonly ResiliencePipeline<HttpResponseMessage>? _pipeline;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _time;

    public RateLimitRetry(AlterOptions options)
    {
        _maxWait = options.MaxRateLimitWait;
        _time = options.TimeProvider;
        if (options.MaxRetries <= 0) return; // no pipeline: NeedsRetry is always false
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            ShouldRetryAfterHeader = false, // handled below, together with x-ratelimit-reset
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? ProviderDelay(response, _time) : null),
        };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }.AddRetry(retry).Build();
    }

    /// <summary>
    /// The first attempt is sent by the handler itself (no extra async frame per call): this says whether its answer
    /// asks for a retry, and <see cref="RetryAsync"/> then takes over.
    /// </summary>
    public bool NeedsRetry(HttpResponseMessage response, HttpMethod method) => _pipeline is not null && ShouldRetry(Outcome.FromResult(response), method);

    /// <summary>Whether a failed first attempt (network, timeout) is retried: only for idempotent methods.</summary>
    public bool NeedsRetry(Exception exception, HttpMethod method) => _pipeline is not null && exception is HttpRequestException or TimeoutException && IsIdempotent(method);

    /// <summary>
    /// Runs the retry pipeline (and its cost) only once the first attempt asked for it, replaying that attempt as the
    /// pipeline's own first outcome so the retry rules see it.
    /// </summary>
    public async Task<HttpResponseMessage> RetryAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> first, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var replayed = false;
        var previous = first.Result;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.SetRequestMessage(request);
        try
        {
            var outcome = await _pipeline!.ExecuteOutcomeAsync(async (ctx, _) =>
            {
                if (!replayed) { replayed = true; return first; }
                previous?.Dispose(); // the refused answer is not handed out any more
                try { return Outcome.FromResult(previous = await send(request, ctx.CancellationToken).ConfigureAwait(false)); }
                catch (Exception e) when (e is HttpRequestException or TimeoutException) { return Outcome.FromException<HttpResponseMessage>(e); }
            }, context, 0).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method)
    {
        if (outcome.Result is { } response)
        {
            if (IsRateLimited(response))
                return (ProviderDelay(response, _time) ?? TimeSpan.Zero) <= _maxWait;
            if (response.StatusCode is HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError)
                return IsIdempotent(response.RequestMessage?.Method ?? method);
            return false;
        }
        return outcome.Exception is HttpRequestException or TimeoutException && IsIdempotent(method);
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
