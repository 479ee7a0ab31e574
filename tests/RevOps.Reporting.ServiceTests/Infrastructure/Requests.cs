using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;

namespace RevOps.Reporting.ServiceTests.Infrastructure;

internal static class Requests
{
    public static Period Month(int year, int month)
    {
        var from = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return new Period { From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(from.AddMonths(1)) };
    }

    public static decimal? Decimal(DecimalValue? value) => value is null ? null : value.Units + value.Nanos / 1_000_000_000m;

    public static DecimalValue Value(decimal value)
    {
        var units = decimal.Truncate(value);
        return new DecimalValue { Units = (long)units, Nanos = (int)((value - units) * 1_000_000_000m) };
    }

    public static decimal Money(Money money) => money.Units + money.Nanos / 1_000_000_000m;

    public static ScorecardFigure Figure(Scorecard scorecard, string key) => scorecard.Figures.Single(f => f.Key == key);
}
