using System.Globalization;

namespace RevOps.RevenueContract.Internal;

/// <summary>
/// The contract as an ordered tree of the same keys the YAML uses: the one shape behind canonical YAML and diffs.
/// Absent optional values are left out so the canonical text has one spelling per contract.
/// </summary>
internal static class ContractTree
{
    public static Dictionary<string, object> Build(ContractDocument c)
    {
        var root = new Dictionary<string, object>
        {
            ["version"] = c.Version,
            ["effective_from"] = Date(c.EffectiveFrom),
        };
        Add(root, "title", c.Title);
        root["scoring"] = new Dictionary<string, object>
        {
            ["mql_threshold"] = c.Scoring.MqlThreshold,
            ["fit_criteria"] = c.Scoring.FitCriteria.Select(Criterion).ToList<object>(),
            ["behaviour"] = Behaviour(c.Scoring.Behaviour),
        };
        AddList(root, "company_size_bands", c.CompanySizeBands.Select(Band));
        AddList(root, "sources", c.Sources.Select(s => new Dictionary<string, object> { ["id"] = s.Id, ["owner"] = Snake(s.Owner) }));
        root["lifecycle"] = c.Lifecycle.Select(Stage).ToList<object>();
        AddList(root, "follow_up", c.FollowUp.Select(Clause));
        AddList(root, "escalation", c.Escalation.Select(Step));
        root["disposition_reasons"] = c.DispositionReasons.Select(r => new Dictionary<string, object> { ["id"] = r.Id, ["label"] = r.Label }).ToList<object>();
        AddList(root, "calendars", c.Calendars.Select(Calendar));
        root["routing"] = Routing(c.Routing);
        var sales = new Dictionary<string, object>
        {
            ["follow_up_clause"] = c.Commitments.Sales.FollowUpClause,
            ["follow_up_compliance"] = Number(c.Commitments.Sales.FollowUpCompliance),
            ["acceptance_rate"] = Number(c.Commitments.Sales.AcceptanceRate),
        };
        AddList(sales, "acceptance_excluded_reasons", c.Commitments.Sales.AcceptanceExcludedReasons);
        root["commitments"] = new Dictionary<string, object>
        {
            ["marketing"] = new Dictionary<string, object> { ["icp_fit_mqls_per_month"] = c.Commitments.Marketing.IcpFitMqlsPerMonth },
            ["sales"] = sales,
        };
        return root;
    }

    private static Dictionary<string, object> Criterion(FitCriterion c)
    {
        var item = new Dictionary<string, object> { ["id"] = c.Id, ["label"] = c.Label, ["points"] = c.Points };
        if (c.Icp)
            item["icp"] = true;
        var when = new Dictionary<string, object> { ["field"] = c.When.Field };
        AddList(when, "any_of", c.When.AnyOf);
        AddList(when, "contains_any", c.When.ContainsAny);
        Add(when, "min", c.When.Min);
        Add(when, "max", c.When.Max);
        if (c.When.Is is { } flag)
            when["is"] = flag;
        item["when"] = when;
        return item;
    }

    private static Dictionary<string, object> Behaviour(BehaviourRules b) => new()
    {
        ["half_life_days"] = Number((decimal)b.HalfLifeDays),
        ["activity_types"] = b.ActivityTypes.Select(t => new Dictionary<string, object> { ["id"] = t.Id, ["label"] = t.Label }).ToList<object>(),
        ["signals"] = b.Signals.Select(s =>
        {
            var item = new Dictionary<string, object> { ["id"] = s.Id, ["label"] = s.Label, ["activity"] = s.Activity };
            Add(item, "detail_contains", s.DetailContains);
            if (s.MinCount != 1)
                item["min_count"] = s.MinCount;
            item["points"] = s.Points;
            return item;
        }).ToList<object>(),
    };

    private static Dictionary<string, object> Band(CompanySizeBand b)
    {
        var item = new Dictionary<string, object> { ["id"] = b.Id };
        Add(item, "label", b.Label);
        Add(item, "min_arr", b.MinArr);
        Add(item, "max_arr", b.MaxArr);
        return item;
    }

    private static Dictionary<string, object> Stage(LifecycleStage s)
    {
        var item = new Dictionary<string, object> { ["id"] = s.Id, ["label"] = s.Label, ["entry"] = Snake(s.Entry) };
        AddList(item, "opportunity_stages", s.OpportunityStages);
        return item;
    }

    private static Dictionary<string, object> Clause(FollowUpClause c)
    {
        var item = new Dictionary<string, object> { ["id"] = c.Id, ["label"] = c.Label, ["met_by"] = Snake(c.MetBy) };
        if (c.MinCount != 1)
            item["min_count"] = c.MinCount;
        item["within"] = c.Within.ToString();
        return item;
    }

    private static Dictionary<string, object> Step(EscalationStep s)
    {
        var item = new Dictionary<string, object> { ["id"] = s.Id };
        Add(item, "on_breach_number", s.OnBreachNumber);
        Add(item, "on_clause", s.OnClause);
        item["action"] = Snake(s.Action);
        Add(item, "webhook_url", s.WebhookUrl?.OriginalString);
        return item;
    }

    private static Dictionary<string, object> Calendar(BusinessCalendar c)
    {
        var item = new Dictionary<string, object>
        {
            ["id"] = c.Id,
            ["time_zone"] = c.TimeZone,
            ["working_days"] = c.WorkingDays.Select(d => (object)d.ToString()[..3].ToLowerInvariant()).ToList(),
            ["hours"] = $"{c.DayStart:HH\\:mm}-{c.DayEnd:HH\\:mm}",
        };
        AddList(item, "holidays", c.Holidays.Select(Date));
        return item;
    }

    private static Dictionary<string, object> Routing(RoutingPolicy r)
    {
        var routing = new Dictionary<string, object>
        {
            ["default_team"] = r.DefaultTeam,
            ["teams"] = r.Teams.Select(t =>
            {
                var item = new Dictionary<string, object> { ["id"] = t.Id };
                Add(item, "label", t.Label);
                item["calendar"] = t.Calendar;
                item["fallback_queue"] = t.FallbackQueue;
                item["manager"] = t.Manager;
                return item;
            }).ToList<object>(),
        };
        AddList(routing, "rules", r.Rules.Select(rule =>
        {
            var match = new Dictionary<string, object>();
            AddList(match, "country", rule.Match.Countries);
            AddList(match, "region", rule.Match.Regions);
            AddList(match, "company_size_band", rule.Match.CompanySizeBands);
            AddList(match, "industry", rule.Match.Industries);
            AddList(match, "source", rule.Match.Sources);
            AddList(match, "campaign", rule.Match.Campaigns);
            if (rule.Match.MinScore is not null || rule.Match.MaxScore is not null)
            {
                var score = new Dictionary<string, object>();
                Add(score, "min", rule.Match.MinScore);
                Add(score, "max", rule.Match.MaxScore);
                match["score"] = score;
            }
            if (rule.Match.CustomFields.Count > 0)
                match["custom"] = rule.Match.CustomFields.ToDictionary(kv => kv.Key, kv => (object)kv.Value.ToList<object>());
            var item = new Dictionary<string, object> { ["id"] = rule.Id, ["team"] = rule.Team, ["match"] = match };
            AddList(item, "exclude_reps", rule.ExcludedReps);
            return item;
        }));
        return routing;
    }

    private static void Add(Dictionary<string, object> map, string key, object? value)
    {
        if (value is decimal d)
            map[key] = Number(d);
        else if (value is not null)
            map[key] = value;
    }

    private static void AddList<T>(Dictionary<string, object> map, string key, IEnumerable<T> items)
        where T : notnull
    {
        var list = items.Select(i => (object)i).ToList();
        if (list.Count > 0)
            map[key] = list;
    }

    /// <summary>Decimals without trailing zeros so 0.90 and 0.9 hash alike.</summary>
    private static decimal Number(decimal value) => decimal.Parse(value.ToString("0.############################", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An enum member as the contract spells it: ScoreThreshold becomes score_threshold.</summary>
    private static string Snake<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
