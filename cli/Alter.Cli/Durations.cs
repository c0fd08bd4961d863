using System.Globalization;
using System.Text.RegularExpressions;

namespace Alter.Cli;

/// <summary>Durations (<c>90s</c>, <c>5m</c>, <c>24h</c>, <c>7d</c>) and points in time (a duration ago, or an ISO 8601 date).</summary>
internal static partial class Durations
{
    /// <summary>Parses <c>&lt;number&gt;&lt;ms|s|m|h|d&gt;</c> (combined as in <c>1h30m</c>; a bare number is seconds) or a <c>hh:mm:ss</c> time span.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            duration = TimeSpan.FromSeconds(plainSeconds);
            return duration > TimeSpan.Zero;
        }
        if (WholePattern().IsMatch(trimmed))
        {
            foreach (Match part in PartPattern().Matches(trimmed))
            {
                var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                duration += part.Groups[2].Value.ToLowerInvariant() switch
                {
                    "ms" => TimeSpan.FromMilliseconds(value),
                    "s" => TimeSpan.FromSeconds(value),
                    "m" => TimeSpan.FromMinutes(value),
                    "h" => TimeSpan.FromHours(value),
                    _ => TimeSpan.FromDays(value),
                };
            }
            return duration > TimeSpan.Zero;
        }
        return text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    /// <summary>Shows a duration the way it is typed: <c>90s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1)) return $"{duration.TotalMilliseconds:0}ms";
        var text = (duration.Days > 0 ? $"{duration.Days}d" : "") + (duration.Hours > 0 ? $"{duration.Hours}h" : "")
            + (duration.Minutes > 0 ? $"{duration.Minutes}m" : "") + (duration.Seconds > 0 ? $"{duration.Seconds}s" : "");
        return text.Length == 0 ? "0s" : text;
    }

    /// <summary>Parses a positive duration, or fails with <see cref="ExitCodes.BadInput"/>.</summary>
    public static TimeSpan Parse(string text, string option)
        => TryParse(text, out var duration) ? duration
            : throw new CliException(ExitCodes.BadInput, $"{option} '{text}' is not a duration: use a number with s, m, h or d (30s, 5m, 24h, 7d).");

    /// <summary>
    /// <c>--since</c>: a duration back from <paramref name="now"/> (<c>24h</c>, <c>7d</c>), or an ISO 8601 date or date-time
    /// (UTC unless it carries an offset).
    /// </summary>
    public static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        if (TryParse(text, out var ago)) return now - ago;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        throw new CliException(ExitCodes.BadInput, $"--since '{text}' is neither a duration (24h, 7d) nor an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z).");
    }

    [GeneratedRegex(@"^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholePattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
