using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.GitHub;

/// <summary>GitHub's rate-limit headers: 5000 an hour, counted down with every API call. Never actually limits.</summary>
internal sealed class GitHubRateLimit(TimeProvider time)
{
    public const int Limit = 5000;

    private readonly Lock _gate = new();
    private int _used;
    private DateTimeOffset _reset = DateTimeOffset.MinValue;

    public void Apply(HttpResponse response)
    {
        int used;
        long reset;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now >= _reset)
            {
                _used = 0;
                _reset = now.AddHours(1);
            }

            _used = Math.Min(_used + 1, Limit);
            used = _used;
            reset = _reset.ToUnixTimeSeconds();
        }

        var headers = response.Headers;
        headers["x-ratelimit-limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = (Limit - used).ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["x-ratelimit-used"] = used.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = "core";
        headers["x-github-api-version-selected"] = "2022-11-28";
        headers["x-github-media-type"] = "github.v3; format=json";
    }
}
