using RevOps.Grpc;

namespace RevOps.Reporting.Domain;

/// <summary>A checked period and filter, built from the gRPC request or the page's query string; field names follow the caller's.</summary>
public sealed record ReportRequest(ReportPeriod Period, LeadFilter Filter)
{
    /// <summary>The longest period one report covers: longer ones are a mistake or a load the page must not cause.</summary>
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(5 * 366);

    /// <summary>The request, or null with <paramref name="violations"/> saying what is wrong with each field.</summary>
    public static ReportRequest? Create(
        DateTimeOffset? from, DateTimeOffset? to, RawFilter filter, ReportFieldNames names, List<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(violations);
        var before = violations.Count;
        if (from is null)
            violations.Add(new(names.From, "is required: the period's first instant (UTC, inclusive)"));
        if (to is null)
            violations.Add(new(names.To, "is required: the period's end (UTC, exclusive)"));
        if (from is { } f && to is { } t)
        {
            if (t <= f)
                violations.Add(new(names.To, $"must be after {names.From} ({t:O} is not after {f:O})"));
            else if (t - f > LongestPeriod)
                violations.Add(new(names.To, $"the period may span at most {LongestPeriod.TotalDays:0} days"));
        }
        var leadFilter = new LeadFilter
        {
            Source = Text(filter.Source, names.Source, violations),
            Campaign = Text(filter.Campaign, names.Campaign, violations),
            Segment = Text(filter.Segment, names.Segment, violations),
            TeamId = Text(filter.TeamId, names.TeamId, violations),
            OwnerRepId = Text(filter.OwnerRepId, names.OwnerRepId, violations),
            ContractVersion = filter.ContractVersion,
        };
        if (filter.ContractVersion is < 1)
            violations.Add(new(names.ContractVersion, $"must be a contract version (1 or more), got {filter.ContractVersion}"));
        return violations.Count > before ? null : new ReportRequest(new ReportPeriod(from!.Value, to!.Value), leadFilter);
    }

    private static string? Text(string? value, string field, List<FieldViolation> violations)
    {
        if (value is null)
            return null;
        if (string.IsNullOrWhiteSpace(value))
            violations.Add(new(field, "must not be blank: leave it unset to include every lead"));
        else if (value.Length > 200)
            violations.Add(new(field, "must be at most 200 characters"));
        return value;
    }

    /// <summary>The filter as the caller sent it; null fields are unset.</summary>
    public sealed record RawFilter(string? Source, string? Campaign, string? Segment, string? TeamId, string? OwnerRepId, int? ContractVersion);

    /// <summary>What each field is called in the caller's request, for the violations.</summary>
    /// <summary>The Monday a weekly review pack starts on (00:00 UTC), or null with a violation naming <paramref name="field"/>.</summary>
    public static DateOnly? ReviewWeek(DateTimeOffset? start, string field, List<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (start is not { } time)
        {
            violations.Add(new(field, "is required: Monday 00:00 UTC of the week to review"));
            return null;
        }
        if (time.DayOfWeek != DayOfWeek.Monday || time.TimeOfDay != TimeSpan.Zero)
        {
            violations.Add(new(field, $"must be a Monday at 00:00 UTC, got {time:O} ({time.DayOfWeek})"));
            return null;
        }
        return DateOnly.FromDateTime(time.UtcDateTime);
    }

    public sealed record ReportFieldNames(
        string From, string To, string Source, string Campaign, string Segment, string TeamId, string OwnerRepId, string ContractVersion)
    {
        public static readonly ReportFieldNames Grpc = new(
            "period.from", "period.to", "filter.source", "filter.campaign", "filter.segment", "filter.team_id", "filter.owner_rep_id",
            "filter.contract_version");

        public static readonly ReportFieldNames Query = new("from", "to", "source", "campaign", "segment", "team", "owner", "contractVersion");

        /// <summary>The field holding a lead_facts column's filter value.</summary>
        public string ForColumn(string column) => column switch
        {
            "source" => Source,
            "campaign" => Campaign,
            "segment" => Segment,
            "team_id" => TeamId,
            "owner_rep_id" => OwnerRepId,
            "contract_version" => ContractVersion,
            _ => column,
        };
    }
}
