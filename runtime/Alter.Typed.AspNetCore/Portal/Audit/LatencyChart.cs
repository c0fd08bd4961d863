using System.Globalization;
using System.Net;
using System.Text;

namespace Alter.Typed.AspNetCore.Portal.Audit;

/// <summary>
/// The audit view's latency-over-time chart: an inline SVG drawn on the server (no script, no chart library), one dot per
/// call at its time and latency, with an accessible name and a text summary for screen readers.
/// </summary>
internal static class LatencyChart
{
    private const int Width = 720, Height = 220, Left = 56, Right = 12, Top = 12, Bottom = 36;

    /// <summary>The SVG markup for <paramref name="rows"/> (numbers and formatted times only, every text HTML-encoded); empty when there are no rows.</summary>
    public static string Render(IReadOnlyList<AuditRecord> rows)
    {
        if (rows.Count == 0) return "";
        var first = rows.Min(r => r.At);
        var last = rows.Max(r => r.At);
        var span = Math.Max((last - first).TotalMilliseconds, 1);
        var sorted = rows.Select(r => r.LatencyMs).Order().ToArray();
        var max = Math.Max(NiceCeiling(sorted[^1]), 1);
        var median = sorted[sorted.Length / 2];
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        string X(DateTimeOffset at) => F(Left + (at - first).TotalMilliseconds / span * plotWidth);
        string Y(double ms) => F(Top + plotHeight - Math.Min(ms, max) / max * plotHeight);

        var summary = $"{rows.Count} calls from {Time(first)} to {Time(last)} UTC; latency median {Ms(median)}, maximum {Ms(sorted[^1])}.";
        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"latency-chart\" role=\"img\" aria-labelledby=\"latency-title latency-desc\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
        svg.Append("<title id=\"latency-title\">Latency over time</title>");
        svg.Append("<desc id=\"latency-desc\">").Append(WebUtility.HtmlEncode(summary)).Append("</desc>");
        // Axes and three horizontal guides (0, half, max).
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var ms = max * fraction;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(ms)}\" y2=\"{Y(ms)}\" class=\"guide\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(ms)}\" class=\"axis\" text-anchor=\"end\" dominant-baseline=\"middle\">{WebUtility.HtmlEncode(Ms(ms))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 8}\" class=\"axis\">{WebUtility.HtmlEncode(Time(first))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 8}\" class=\"axis\" text-anchor=\"end\">{WebUtility.HtmlEncode(Time(last))}</text>");
        foreach (var row in rows)
        {
            var kind = row.Outcome == "ok" ? "ok" : row.Outcome.StartsWith("denied", StringComparison.Ordinal) ? "denied" : "other";
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(row.At)}\" cy=\"{Y(row.LatencyMs)}\" r=\"3\" class=\"dot {kind}\"/>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The text summary the chart's description holds, for tests and a caption.</summary>
    public static string Summary(IReadOnlyList<AuditRecord> rows)
        => rows.Count == 0 ? "No calls." : $"{rows.Count} calls; latency median {Ms(rows.Select(r => r.LatencyMs).Order().ElementAt(rows.Count / 2))}.";

    /// <summary>1, 2 or 5 times a power of ten, at or above <paramref name="value"/>: a readable top of the axis.</summary>
    internal static double NiceCeiling(double value)
    {
        if (value <= 0) return 0;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (step * power >= value) return step * power;
        return 10 * power;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms >= 1000 ? (ms / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s" : ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
