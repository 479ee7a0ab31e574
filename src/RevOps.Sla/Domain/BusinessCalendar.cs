using RevOps.Sla.Domain.Internal;

namespace RevOps.Sla.Domain;

/// <summary>
/// A team's business hours: an IANA time zone, working days, one or more daily opening intervals and holidays (local
/// dates). Business time is real elapsed time inside opening intervals, so an interval that spans a daylight-saving
/// change counts the hours that actually passed.
/// </summary>
public sealed class BusinessCalendar
{
    // A calendar whose holidays swallow this many days in a row has no business time worth waiting for.
    private const int MaxDaysScanned = 366 * 5;

    private readonly bool[] _isWorkingDay = new bool[7];
    private readonly HashSet<DateOnly> _holidays;
    private readonly BusinessHours[] _hours;

    /// <param name="timeZoneId">IANA id such as "America/New_York".</param>
    /// <exception cref="ArgumentException">Unknown zone, no working days, no hours, an interval with Open at or after
    /// Close, or overlapping intervals.</exception>
    public BusinessCalendar(string timeZoneId, IEnumerable<DayOfWeek> workingDays, IEnumerable<BusinessHours> dailyHours,
        IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZoneId);
        ArgumentNullException.ThrowIfNull(workingDays);
        ArgumentNullException.ThrowIfNull(dailyHours);

        try
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (TimeZoneNotFoundException ex)
        {
            throw new ArgumentException($"Unknown time zone '{timeZoneId}': use an IANA id such as 'Europe/Berlin'.", nameof(timeZoneId), ex);
        }
        catch (InvalidTimeZoneException ex)
        {
            throw new ArgumentException($"Time zone '{timeZoneId}' has invalid data on this machine.", nameof(timeZoneId), ex);
        }

        foreach (var day in workingDays)
        {
            if (!Enum.IsDefined(day))
                throw new ArgumentException($"'{day}' is not a day of the week.", nameof(workingDays));
            _isWorkingDay[(int)day] = true;
        }
        if (!_isWorkingDay.Contains(true))
            throw new ArgumentException("A business calendar needs at least one working day.", nameof(workingDays));

        _hours = [.. dailyHours.OrderBy(h => h.Open)];
        if (_hours.Length == 0)
            throw new ArgumentException("A business calendar needs at least one daily opening interval.", nameof(dailyHours));
        foreach (var interval in _hours)
        {
            if (interval.OpensAfterMidnight >= interval.ClosesAfterMidnight)
                throw new ArgumentException($"Opening interval {interval} must open before it closes.", nameof(dailyHours));
        }
        for (var i = 1; i < _hours.Length; i++)
        {
            if (_hours[i].OpensAfterMidnight < _hours[i - 1].ClosesAfterMidnight)
                throw new ArgumentException($"Opening intervals {_hours[i - 1]} and {_hours[i]} overlap.", nameof(dailyHours));
        }

        _holidays = [.. holidays ?? []];
    }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyList<BusinessHours> DailyHours => _hours;

    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    public IEnumerable<DayOfWeek> WorkingDays => Enum.GetValues<DayOfWeek>().Where(d => _isWorkingDay[(int)d]);

    /// <summary>Whether <paramref name="localDate"/> has opening hours (a working day that is not a holiday).</summary>
    public bool IsBusinessDay(DateOnly localDate) => _isWorkingDay[(int)localDate.DayOfWeek] && !_holidays.Contains(localDate);

    /// <summary>Whether the team is open at <paramref name="instant"/>.</summary>
    public bool IsOpenAt(DateTimeOffset instant)
    {
        foreach (var (open, close) in OpenSpans(LocalDate(instant).AddDays(-1), 3))
        {
            if (instant >= open && instant < close)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The instant (UTC) at which <paramref name="businessDuration"/> of business time has passed since
    /// <paramref name="start"/>. A start outside hours begins counting at the next opening; a zero duration is due at
    /// <paramref name="start"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative duration.</exception>
    /// <exception cref="InvalidOperationException">No business time within five years (holidays cover everything).</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan businessDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessDuration, TimeSpan.Zero);
        var cursor = start.ToUniversalTime();
        if (businessDuration == TimeSpan.Zero)
            return cursor;

        var remaining = businessDuration;
        // Start a day early: a span of the previous local date can still be open at the start instant.
        foreach (var (open, close) in OpenSpans(LocalDate(cursor).AddDays(-1), MaxDaysScanned))
        {
            if (close <= cursor)
                continue;
            var from = open > cursor ? open : cursor;
            var available = close - from;
            if (remaining <= available)
                return from + remaining;
            remaining -= available;
        }
        throw new InvalidOperationException(
            $"No business time left within {MaxDaysScanned} days of {start:O} in {TimeZone.Id}: are all days holidays?");
    }

    /// <summary>Business time between two instants; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
            return -BusinessTimeBetween(to, from);

        var days = LocalDate(to).DayNumber - LocalDate(from).DayNumber + 3;
        var total = TimeSpan.Zero;
        foreach (var (open, close) in OpenSpans(LocalDate(from).AddDays(-1), days))
        {
            if (open >= to)
                break;
            var start = open > from ? open : from;
            var end = close < to ? close : to;
            if (end > start)
                total += end - start;
        }
        return total;
    }

    /// <summary>Opening intervals as UTC instants, in order, for <paramref name="days"/> local dates from <paramref name="firstDate"/>.</summary>
    private IEnumerable<(DateTimeOffset Open, DateTimeOffset Close)> OpenSpans(DateOnly firstDate, int days)
    {
        for (var i = 0; i < days; i++)
        {
            var date = firstDate.AddDays(i);
            if (!IsBusinessDay(date))
                continue;
            var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            foreach (var interval in _hours)
            {
                var open = LocalTime.ToUtc(midnight + interval.OpensAfterMidnight, TimeZone, LocalTime.Ambiguity.Earliest);
                var close = LocalTime.ToUtc(midnight + interval.ClosesAfterMidnight, TimeZone, LocalTime.Ambiguity.Latest);
                if (close > open)
                    yield return (open, close);
            }
        }
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);
}
