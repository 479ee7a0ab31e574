using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Tests;

public sealed class ReportPeriodTests
{
    [Fact]
    public void A_period_must_end_after_it_starts()
    {
        var at = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var error = Assert.Throws<ArgumentException>(() => new ReportPeriod(at, at));
        Assert.Contains("must end after it starts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Periods_are_half_open()
    {
        var week = ReportPeriod.Week(new DateOnly(2026, 11, 2));

        Assert.True(week.Contains(week.From));
        Assert.False(week.Contains(week.To));
        Assert.False(week.Contains(null));
    }

    [Theory]
    [InlineData("2026-11-01", "2026-12-01", "1")]
    [InlineData("2026-11-01", "2026-11-16", "0.5")]
    [InlineData("2026-11-16", "2027-01-01", "1.5")]
    [InlineData("2027-02-01", "2027-02-15", "0.5")]
    public void Month_fraction_prorates_each_month_by_its_own_days(string from, string to, string months)
    {
        var period = new ReportPeriod(DateTimeOffset.Parse(from + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(to + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(months, System.Globalization.CultureInfo.InvariantCulture), period.MonthFraction());
    }
}
