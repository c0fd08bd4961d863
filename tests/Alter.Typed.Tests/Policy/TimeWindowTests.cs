using Xunit;

namespace Alter.Typed.Tests.Policy;

/// <summary>Days and hours read in the window's time zone, including windows past midnight.</summary>
public sealed class TimeWindowTests
{
    // A fixed +02:00 zone: the test does not depend on the machine's tz database or on daylight saving dates.
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");

    // Monday 2026-12-07, given as UTC instants.
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(2));

    [Fact]
    public void Weekday_office_hours_are_read_in_the_zone()
    {
        var window = TimeWindow.Weekdays(Plus2, new(9, 0), new(17, 0));

        Assert.True(window.Contains(Local(7, 9)));            // Monday 09:00 local is 07:00 UTC
        Assert.True(window.Contains(Local(7, 16, 59)));
        Assert.False(window.Contains(Local(7, 17)));          // the end is exclusive
        Assert.False(window.Contains(Local(7, 8, 59)));
        Assert.False(window.Contains(Local(12, 10)));         // Saturday
        Assert.True(window.Contains(new DateTimeOffset(2026, 12, 7, 7, 30, 0, TimeSpan.Zero)));   // 09:30 local
        Assert.False(window.Contains(new DateTimeOffset(2026, 12, 7, 15, 30, 0, TimeSpan.Zero))); // 17:30 local
    }

    [Fact]
    public void A_window_past_midnight_belongs_to_the_day_it_starts()
    {
        var window = new TimeWindow(Plus2, new(22, 0), new(6, 0), DayOfWeek.Friday);

        Assert.True(window.Contains(Local(11, 23)));          // Friday night
        Assert.True(window.Contains(Local(12, 5, 59)));       // Saturday early
        Assert.False(window.Contains(Local(12, 6)));
        Assert.False(window.Contains(Local(12, 23)));         // Saturday night: not a start day
        Assert.False(window.Contains(Local(11, 5)));          // Friday early: Thursday is not a start day
    }

    [Fact]
    public void Equal_start_and_end_is_the_whole_day()
    {
        var window = new TimeWindow(Plus2, TimeOnly.MinValue, TimeOnly.MinValue, DayOfWeek.Sunday);

        Assert.True(window.Contains(Local(13, 0)));
        Assert.True(window.Contains(Local(13, 23, 59)));
        Assert.False(window.Contains(Local(14, 0)));
        Assert.False(window.Contains(Local(12, 23, 59)));
    }
}
