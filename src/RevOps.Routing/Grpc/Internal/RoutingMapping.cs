using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using RevOps.Grpc;
using Proto = RevOps.Contracts.V1;

namespace RevOps.Routing.Grpc.Internal;

/// <summary>Hand-written mapping between revops.v1 routing messages and the domain, collecting field violations on the way in.</summary>
internal static class RoutingMapping
{
    public static Domain.Rep? ToRep(Proto.RoutingRep? rep, string prefix, List<FieldViolation> violations)
    {
        if (rep is null)
        {
            violations.Add(new(prefix, "is required"));
            return null;
        }
        Required(rep.Id, $"{prefix}.id", violations);
        Required(rep.TeamId, $"{prefix}.team_id", violations);
        if (rep.Weight is < 1 or > 1000)
            violations.Add(new($"{prefix}.weight", $"is {rep.Weight}; it must be between 1 and 1000"));
        if (rep.MaxOpenLeads < 0)
            violations.Add(new($"{prefix}.max_open_leads", "cannot be negative"));
        if (rep.HasDailyCap && rep.DailyCap < 0)
            violations.Add(new($"{prefix}.daily_cap", "cannot be negative"));
        if (rep.HasWeeklyCap && rep.WeeklyCap < 0)
            violations.Add(new($"{prefix}.weekly_cap", "cannot be negative"));
        var zoneValid = IsTimeZone(rep.TimeZone);
        if (!zoneValid)
            violations.Add(new($"{prefix}.time_zone", $"'{rep.TimeZone}' is not an IANA time zone id such as 'Europe/Berlin'"));
        var hours = ToWorkingHours(rep.WorkingHours, $"{prefix}.working_hours", violations);
        var windows = ToWindows(rep.OutOfOffice, $"{prefix}.out_of_office", violations);
        if (violations.Count > 0 || !zoneValid)
            return null;
        return new Domain.Rep
        {
            Id = rep.Id,
            TeamId = rep.TeamId,
            Weight = rep.Weight,
            TimeZoneId = rep.TimeZone,
            WorkingHours = hours,
            MaxOpenLeads = rep.MaxOpenLeads,
            DailyCap = rep.HasDailyCap ? rep.DailyCap : null,
            WeeklyCap = rep.HasWeeklyCap ? rep.WeeklyCap : null,
            Active = rep.Active,
            OutOfOffice = windows,
        };
    }

    public static List<Domain.WorkingPeriod> ToWorkingHours(IEnumerable<Proto.WorkingPeriod> periods, string prefix, List<FieldViolation> violations)
    {
        var result = new List<Domain.WorkingPeriod>();
        var index = 0;
        foreach (var period in periods)
        {
            var at = $"{prefix}[{index++}]";
            var ok = true;
            if (period.Day is < 0 or > 6)
            {
                violations.Add(new($"{at}.day", $"is {period.Day}; use 0 (Sunday) to 6 (Saturday)"));
                ok = false;
            }
            if (!TimeOnly.TryParseExact(period.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                violations.Add(new($"{at}.start", $"'{period.Start}' is not a time such as '09:00'"));
                ok = false;
            }
            if (!TimeOnly.TryParseExact(period.End, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                violations.Add(new($"{at}.end", $"'{period.End}' is not a time such as '17:30'"));
                ok = false;
            }
            if (ok)
                result.Add(new Domain.WorkingPeriod((DayOfWeek)period.Day, start, end));
        }
        return result;
    }

    public static List<Domain.UnavailabilityWindow> ToWindows(IEnumerable<Proto.OutOfOfficeWindow> windows, string prefix, List<FieldViolation> violations)
    {
        var result = new List<Domain.UnavailabilityWindow>();
        var index = 0;
        foreach (var window in windows)
        {
            var at = $"{prefix}[{index++}]";
            if (window.StartsAt is null || window.EndsAt is null)
                violations.Add(new(at, "needs starts_at and ends_at"));
            else if (window.EndsAt.ToDateTimeOffset() <= window.StartsAt.ToDateTimeOffset())
                violations.Add(new($"{at}.ends_at", "must be after starts_at"));
            else
                result.Add(new(window.StartsAt.ToDateTimeOffset(), window.EndsAt.ToDateTimeOffset(), Optional(window.Reason)));
        }
        return result;
    }

    public static Domain.LeadAttributes? ToLead(Proto.LeadRoutingAttributes? lead, string prefix, List<FieldViolation> violations)
    {
        if (lead is null)
        {
            violations.Add(new(prefix, "is required"));
            return null;
        }
        if (lead.Score is < 0 or > 1000)
            violations.Add(new($"{prefix}.score", $"is {lead.Score}; it must be between 0 and 1000"));
        return new Domain.LeadAttributes
        {
            Country = Optional(lead.Country),
            Region = Optional(lead.Region),
            CompanySizeBand = Optional(lead.CompanySizeBand),
            Industry = Optional(lead.Industry),
            Source = Optional(lead.Source),
            Campaign = Optional(lead.Campaign),
            Score = lead.Score,
            CustomFields = lead.CustomFields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
        };
    }

    public static Guid ToLeadId(string value, string field, List<FieldViolation> violations)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty)
            return id;
        violations.Add(new(field, string.IsNullOrEmpty(value) ? "is required" : $"'{value}' is not a UUID"));
        return Guid.Empty;
    }

    public static void Required(string value, string field, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(value))
            violations.Add(new(field, "is required"));
    }

    public static Proto.RoutingRep ToProto(Domain.Rep rep)
    {
        var proto = new Proto.RoutingRep
        {
            Id = rep.Id,
            TeamId = rep.TeamId,
            Weight = rep.Weight,
            TimeZone = rep.TimeZoneId,
            MaxOpenLeads = rep.MaxOpenLeads,
            Active = rep.Active,
        };
        if (rep.DailyCap is { } daily)
            proto.DailyCap = daily;
        if (rep.WeeklyCap is { } weekly)
            proto.WeeklyCap = weekly;
        proto.WorkingHours.AddRange(rep.WorkingHours.Select(p => new Proto.WorkingPeriod
        {
            Day = (int)p.Day,
            Start = p.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
            End = p.End.ToString("HH:mm", CultureInfo.InvariantCulture),
        }));
        proto.OutOfOffice.AddRange(rep.OutOfOffice.Select(w => new Proto.OutOfOfficeWindow
        {
            StartsAt = Timestamp.FromDateTimeOffset(w.StartsAt),
            EndsAt = Timestamp.FromDateTimeOffset(w.EndsAt),
            Reason = w.Reason ?? "",
        }));
        return proto;
    }

    public static Proto.RoutingAssignment ToProto(Domain.Assignment a)
    {
        var proto = new Proto.RoutingAssignment
        {
            Id = a.Id.ToString(),
            LeadId = a.LeadId.ToString(),
            TeamId = a.TeamId,
            RepId = a.RepId ?? "",
            FallbackQueue = a.FallbackQueue ?? "",
            RuleId = a.RuleId ?? "",
            ContractVersion = a.ContractVersion,
            Reason = a.Reason,
            AssignedAt = Timestamp.FromDateTimeOffset(a.AssignedAt),
            CloseReason = a.CloseReason ?? "",
        };
        if (a.ClosedAt is { } closed)
            proto.ClosedAt = Timestamp.FromDateTimeOffset(closed);
        return proto;
    }

    public static Proto.RoutingDecision ToProto(Domain.RoutingDecision d)
    {
        var proto = new Proto.RoutingDecision
        {
            DecisionId = d.DecisionId.ToString(),
            LeadId = d.LeadId == Guid.Empty ? "" : d.LeadId.ToString(),
            ContractVersion = d.ContractVersion,
            DecidedAt = Timestamp.FromDateTimeOffset(d.DecidedAt),
            TeamId = d.TeamId,
            RuleId = d.RuleId ?? "",
            ChosenRepId = d.ChosenRepId ?? "",
            FallbackQueue = d.FallbackQueue ?? "",
            Reason = d.Reason,
            IsReassignment = d.IsReassignment,
            PreviousOwnerRepId = d.PreviousOwnerRepId ?? "",
            Lead = new Proto.LeadRoutingAttributes
            {
                Country = d.Lead.Country ?? "",
                Region = d.Lead.Region ?? "",
                CompanySizeBand = d.Lead.CompanySizeBand ?? "",
                Industry = d.Lead.Industry ?? "",
                Source = d.Lead.Source ?? "",
                Campaign = d.Lead.Campaign ?? "",
                Score = d.Lead.Score,
            },
        };
        foreach (var (field, value) in d.Lead.CustomFields)
            proto.Lead.CustomFields[field] = value;
        proto.Candidates.AddRange(d.Candidates.Select(c => new Proto.CandidateVerdict
        {
            RepId = c.RepId,
            Verdict = Domain.VerdictCodes.ToCode(c.Verdict),
            Detail = c.Detail,
        }));
        return proto;
    }

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsTimeZone(string id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
