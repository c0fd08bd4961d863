namespace Alter.Typed;

/// <summary>
/// When calls are allowed: days of the week and a time of day range, read in a time zone. <see cref="End"/> is exclusive;
/// an end at or before the start runs past midnight into the next day (22:00–06:00), and equal start and end (00:00–00:00)
/// is the whole day. The day is the day the window starts on.
/// </summary>
public sealed class TimeWindow
{
    /// <summary>A window on <paramref name="days"/> from <paramref name="start"/> to <paramref name="end"/> in <paramref name="zone"/>.</summary>
    /// <param name="zone">The time zone the days and hours are read in (daylight saving time included).</param>
    /// <param name="start">The first allowed time of day.</param>
    /// <param name="end">The first time of day no longer allowed.</param>
    /// <param name="days">The days the window starts on; at least one.</param>
    /// <exception cref="ArgumentException">No day, or a day that is not a <see cref="DayOfWeek"/>.</exception>
    public TimeWindow(TimeZoneInfo zone, TimeOnly start, TimeOnly end, params DayOfWeek[] days)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(days);
        if (days.Length == 0) throw new ArgumentException("A time window needs at least one day.", nameof(days));
        foreach (var day in days)
            if (!Enum.IsDefined(day)) throw new ArgumentException($"{(int)day} is not a day of the week.", nameof(days));
        (Zone, Start, End, Days) = (zone, start, end, [.. days.Distinct().Order()]);
    }

    /// <summary>The time zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The first allowed time of day.</summary>
    public TimeOnly Start { get; }

    /// <summary>The first time of day no longer allowed (the next day's when at or before <see cref="Start"/>).</summary>
    public TimeOnly End { get; }

    /// <summary>The days the window starts on.</summary>
    public IReadOnlyList<DayOfWeek> Days { get; }

    /// <summary>Monday to Friday, <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static TimeWindow Weekdays(TimeZoneInfo zone, TimeOnly start, TimeOnly end)
        => new(zone, start, end, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday);

    /// <summary>Whether <paramref name="instant"/> falls in the window.</summary>
    public bool Contains(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var today = local.DayOfWeek;
        if (Start < End) return Starts(today) && time >= Start && time < End;
        // Past midnight: the evening of a start day, or the early hours of the day after one.
        var yesterday = (DayOfWeek)(((int)today + 6) % 7);
        return (Starts(today) && time >= Start) || (Starts(yesterday) && time < End);
    }

    private bool Starts(DayOfWeek day)
    {
        foreach (var d in Days)
            if (d == day) return true;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{string.Join(",", Days)} {Start:HH\\:mm}-{End:HH\\:mm} {Zone.Id}";
}
