namespace RevOps.Routing.Domain;

/// <summary>A sales rep as routing sees them: their team, rotation weight, working week in their own IANA time zone, and caps.</summary>
public sealed record Rep
{
    private readonly string _timeZoneId = "UTC";

    public required string Id { get; init; }
    public required string TeamId { get; init; }

    /// <summary>Relative share of the team's leads; a rep with weight 2 gets twice the leads of a rep with weight 1.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>IANA time zone id, e.g. "America/New_York"; working hours and daily/weekly caps are counted in it.</summary>
    public required string TimeZoneId
    {
        get => _timeZoneId;
        init
        {
            _timeZoneId = value;
            TimeZone = FindTimeZone(value);
        }
    }

    public TimeZoneInfo TimeZone { get; private init; } = TimeZoneInfo.Utc;

    /// <summary>Local working periods; empty means the rep never works and is always unavailable.</summary>
    public IReadOnlyList<WorkingPeriod> WorkingHours { get; init; } = [];

    public IReadOnlyList<UnavailabilityWindow> OutOfOffice { get; init; } = [];

    /// <summary>Most leads the rep may hold open at once, counting assigned-but-not-yet-dispositioned ones.</summary>
    public required int MaxOpenLeads { get; init; }

    /// <summary>Most leads per local calendar day; null for no cap.</summary>
    public int? DailyCap { get; init; }

    /// <summary>Most leads per local ISO week; null for no cap.</summary>
    public int? WeeklyCap { get; init; }

    public bool Active { get; init; } = true;

    /// <summary>Throws a clear error for settings no rotation can honour.</summary>
    public Rep Validated()
    {
        if (string.IsNullOrWhiteSpace(Id))
            throw new ArgumentException("A rep needs an id.");
        if (string.IsNullOrWhiteSpace(TeamId))
            throw new ArgumentException($"Rep '{Id}' needs a team.");
        if (Weight is < 1 or > 1000)
            throw new ArgumentException($"Rep '{Id}' has weight {Weight}; it must be between 1 and 1000.");
        if (MaxOpenLeads < 0)
            throw new ArgumentException($"Rep '{Id}' has MaxOpenLeads {MaxOpenLeads}; it cannot be negative.");
        if (DailyCap < 0 || WeeklyCap < 0)
            throw new ArgumentException($"Rep '{Id}' has a negative daily or weekly cap.");
        return this;
    }

    /// <summary>The rep's local calendar day, e.g. "2026-11-23", which keys the daily cap.</summary>
    public string LocalDay(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, TimeZone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rep's local ISO week, e.g. "2026-W48", which keys the weekly cap.</summary>
    public string LocalWeek(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZone).DateTime;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{System.Globalization.ISOWeek.GetYear(local)}-W{System.Globalization.ISOWeek.GetWeekOfYear(local):00}");
    }

    private static TimeZoneInfo FindTimeZone(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw new ArgumentException("A rep's time zone must be an IANA id such as 'Europe/Berlin'.", nameof(TimeZoneId));
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new ArgumentException($"Unknown time zone '{id}': use an IANA id such as 'Europe/Berlin'.", nameof(TimeZoneId), e);
        }
    }
}
