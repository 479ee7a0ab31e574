using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RevOps.RevenueContract.Internal;

/// <summary>Turns contract YAML into a <see cref="ContractDocument"/>, collecting every error rather than stopping at the first.</summary>
internal static class ContractParser
{
    private const int MaxPoints = 100;

    public static ContractLoadResult Parse(string yaml, int? expectedVersion = null)
    {
        var context = new ParseContext();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start, "", $"the document is not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
            return new ContractLoadResult(null, context.Errors);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var mark = stream.Documents.Count > 0 ? stream.Documents[0].RootNode.Start : Mark.Empty;
            context.Error(mark.Line == 0 ? new Mark(0, 1, 1) : mark, "", "the document must be one YAML mapping starting with 'version:'");
            return new ContractLoadResult(null, context.Errors);
        }

        var reader = new MappingReader(context, root, "");
        var contract = ReadContract(reader, expectedVersion);
        reader.Finish();
        context.ResolveReferences();
        return context.Errors.Count == 0
            ? new ContractLoadResult(contract, [])
            : new ContractLoadResult(null, context.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
    }

    private static ContractDocument? ReadContract(MappingReader root, int? expectedVersion)
    {
        var context = root.Context;
        var version = root.Int("version", true, 1, 1_000_000);
        if (version is not null && expectedVersion is not null && version != expectedVersion)
        {
            context.Error(root.Value("version", false)!, "version",
                $"version must be {expectedVersion}, the next free version number (got {version})");
        }
        var effectiveFrom = root.Date("effective_from", true);
        var title = root.Text("title");
        var scoring = root.Map("scoring", true) is { } s ? ReadScoring(s) : null;
        var bands = ReadBands(root);
        var sources = root.Items("sources", false, ReadSource);
        DeclareAll(context, root, "sources", ReferenceKind.Source, "source");
        var lifecycle = ReadLifecycle(root);
        var followUp = root.Items("follow_up", false, ReadClause);
        DeclareAll(context, root, "follow_up", ReferenceKind.FollowUpClause, "follow-up clause");
        var escalation = root.Items("escalation", false, ReadEscalationStep);
        CheckUnique(context, root, "escalation", "escalation step");
        var reasons = root.Items("disposition_reasons", true, r => r.Id("id") is { } id && r.Text("label", true) is { } label ? new DispositionReason(id, label) : null);
        DeclareAll(context, root, "disposition_reasons", ReferenceKind.DispositionReason, "disposition reason");
        var calendars = root.Items("calendars", false, ReadCalendar);
        DeclareAll(context, root, "calendars", ReferenceKind.Calendar, "calendar");
        var routing = root.Map("routing", true) is { } r ? ReadRouting(r) : null;
        var commitments = root.Map("commitments", true) is { } c ? ReadCommitments(c) : null;

        if (scoring is not null)
            CheckThresholdReachable(context, root, scoring);

        if (version is null || effectiveFrom is null || scoring is null || routing is null || commitments is null)
            return null;
        return new ContractDocument
        {
            Version = version.Value,
            EffectiveFrom = effectiveFrom.Value,
            Title = title,
            Scoring = scoring,
            CompanySizeBands = bands,
            Sources = sources,
            Lifecycle = lifecycle,
            FollowUp = followUp,
            Escalation = escalation,
            DispositionReasons = reasons,
            Calendars = calendars,
            Routing = routing,
            Commitments = commitments,
        };
    }

    private static ScoringRules? ReadScoring(MappingReader scoring)
    {
        var threshold = scoring.Int("mql_threshold", true, 1, 1000);
        var criteria = scoring.Items("fit_criteria", true, ReadFitCriterion);
        var behaviour = scoring.Map("behaviour", true) is { } b ? ReadBehaviour(b) : null;
        scoring.Finish();
        // Fit criteria and signals share one id space: a score breakdown is keyed by these ids.
        var criterionIds = CheckUnique(scoring.Context, scoring, "fit_criteria", "criterion");
        if (scoring.Map("behaviour", false) is { } signalsParent)
            CheckUnique(scoring.Context, signalsParent, "signals", "criterion or signal", criterionIds);
        return threshold is null || behaviour is null
            ? null
            : new ScoringRules { MqlThreshold = threshold.Value, FitCriteria = criteria, Behaviour = behaviour };
    }

    private static FitCriterion? ReadFitCriterion(MappingReader item)
    {
        var id = item.Id("id");
        var label = item.Text("label", true);
        var points = item.Int("points", true, -MaxPoints, MaxPoints);
        var icp = item.Bool("icp") ?? false;
        var when = item.Map("when", true) is { } w ? ReadCondition(w) : null;
        return id is null || label is null || points is null || when is null
            ? null
            : new FitCriterion { Id = id, Label = label, Points = points.Value, Icp = icp, When = when };
    }

    private static FieldCondition? ReadCondition(MappingReader when)
    {
        var context = when.Context;
        var field = when.Text("field", true);
        var anyOf = when.TextList("any_of").Select(x => x.Value).ToList();
        var containsAny = when.TextList("contains_any").Select(x => x.Value).ToList();
        var min = when.Decimal("min", false, decimal.MinValue, decimal.MaxValue);
        var max = when.Decimal("max", false, decimal.MinValue, decimal.MaxValue);
        var isValue = when.Bool("is");
        when.Finish();
        if (field is null)
            return null;

        var fieldNode = when.Value("field", false)!;
        if (!LeadFields.IsKnown(field))
        {
            var known = LeadFields.Text.Concat(LeadFields.Numeric).Concat(LeadFields.Flags).ToList();
            var suggestion = Suggestions.Closest(field, known);
            context.Error(fieldNode, when.PathOf("field"), $"{when.PathOf("field")} '{field}' is not a lead field" +
                (suggestion is null ? "" : $" (did you mean '{suggestion}'?)") + $"; use one of {string.Join(", ", known)} or custom.<name>");
            return null;
        }

        var hasText = anyOf.Count + containsAny.Count > 0;
        var hasRange = min is not null || max is not null;
        var hasFlag = isValue is not null;
        if ((hasText ? 1 : 0) + (hasRange ? 1 : 0) + (hasFlag ? 1 : 0) != 1)
        {
            context.Error(when.Node, when.Path, $"{when.Path} must test the field one way: any_of/contains_any (text), min/max (numbers) or is (true/false)");
            return null;
        }
        var custom = LeadFields.IsCustom(field);
        if (hasText && !custom && !LeadFields.Text.Contains(field))
            context.Error(fieldNode, when.PathOf("field"), $"{when.Path}: {field} is not a text field; test it with {(LeadFields.Numeric.Contains(field) ? "min/max" : "is")}");
        else if (hasRange && !custom && !LeadFields.Numeric.Contains(field))
            context.Error(fieldNode, when.PathOf("field"), $"{when.Path}: {field} is not a number; test it with {(LeadFields.Flags.Contains(field) ? "is" : "any_of or contains_any")}");
        else if (hasFlag && !custom && !LeadFields.Flags.Contains(field))
            context.Error(fieldNode, when.PathOf("field"), $"{when.Path}: {field} is not true/false; test it with {(LeadFields.Numeric.Contains(field) ? "min/max" : "any_of or contains_any")}");
        else if (min is not null && max is not null && min > max)
            context.Error(when.Value("min", false)!, when.PathOf("min"), $"{when.PathOf("min")} ({min}) must not be greater than max ({max})");
        else
            return new FieldCondition { Field = field, AnyOf = anyOf, ContainsAny = containsAny, Min = min, Max = max, Is = isValue };
        return null;
    }

    private static BehaviourRules? ReadBehaviour(MappingReader behaviour)
    {
        var context = behaviour.Context;
        var halfLife = behaviour.Decimal("half_life_days", true, 0.1m, 3650m);
        var types = behaviour.Items("activity_types", true, t => t.Id("id") is { } id && t.Text("label", true) is { } label ? new ActivityType(id, label) : null);
        DeclareAll(context, behaviour, "activity_types", ReferenceKind.ActivityType, "activity type");
        var signals = behaviour.Items("signals", false, ReadSignal);
        behaviour.Finish();
        return halfLife is null
            ? null
            : new BehaviourRules { HalfLifeDays = (double)halfLife.Value, ActivityTypes = types, Signals = signals };
    }

    private static BehaviourSignal? ReadSignal(MappingReader item)
    {
        var id = item.Id("id");
        var label = item.Text("label", true);
        var activity = item.Id("activity");
        if (activity is not null)
            item.Context.Reference(item.Value("activity", false)!, item.PathOf("activity"), ReferenceKind.ActivityType, activity);
        var detail = item.Text("detail_contains");
        var minCount = item.Int("min_count", false, 1, 1000) ?? 1;
        var points = item.Int("points", true, -MaxPoints, MaxPoints);
        return id is null || label is null || activity is null || points is null
            ? null
            : new BehaviourSignal { Id = id, Label = label, Activity = activity, DetailContains = detail, MinCount = minCount, Points = points.Value };
    }

    private static List<CompanySizeBand> ReadBands(MappingReader root)
    {
        var context = root.Context;
        var bands = root.Items("company_size_bands", false, band =>
        {
            var id = band.Id("id");
            var label = band.Text("label");
            var min = band.Decimal("min_arr", false, 0, decimal.MaxValue);
            var max = band.Decimal("max_arr", false, 0, decimal.MaxValue);
            if (min is not null && max is not null && min >= max)
            {
                context.Error(band.Value("min_arr", false)!, band.PathOf("min_arr"), $"{band.PathOf("min_arr")} ({min}) must be below max_arr ({max})");
                return null;
            }
            return id is null ? null : new CompanySizeBand { Id = id, Label = label, MinArr = min, MaxArr = max };
        }).ToList();
        DeclareAll(context, root, "company_size_bands", ReferenceKind.CompanySizeBand, "company-size band");

        var ordered = bands.OrderBy(b => b.MinArr ?? decimal.MinValue).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var previousEnd = ordered[i - 1].MaxArr ?? decimal.MaxValue;
            if ((ordered[i].MinArr ?? decimal.MinValue) < previousEnd)
            {
                context.Error(root.Value("company_size_bands", false)!, root.PathOf("company_size_bands"),
                    $"company_size_bands '{ordered[i - 1].Id}' and '{ordered[i].Id}' overlap: a band covers [min_arr, max_arr)");
            }
        }
        return bands;
    }

    private static LeadSource? ReadSource(MappingReader item)
    {
        var id = item.Id("id");
        var owner = item.Text("owner", true);
        SourceOwner? parsed = owner switch
        {
            "marketing" => SourceOwner.Marketing,
            "sales" => SourceOwner.Sales,
            null => null,
            _ => Invalid<SourceOwner>(item, "owner", owner, "marketing, sales"),
        };
        return id is null || parsed is null ? null : new LeadSource(id, parsed.Value);
    }

    private static List<LifecycleStage> ReadLifecycle(MappingReader root)
    {
        var context = root.Context;
        var stages = root.Items("lifecycle", true, item =>
        {
            var id = item.Id("id");
            var label = item.Text("label", true);
            var entryText = item.Text("entry", true);
            StageEntry? entry = entryText switch
            {
                "captured" => StageEntry.Captured,
                "score_threshold" => StageEntry.ScoreThreshold,
                "accepted" => StageEntry.Accepted,
                "opportunity" => StageEntry.Opportunity,
                "won" => StageEntry.Won,
                "lost" => StageEntry.Lost,
                null => null,
                _ => Invalid<StageEntry>(item, "entry", entryText, "captured, score_threshold, accepted, opportunity, won, lost"),
            };
            var opportunityStages = item.TextList("opportunity_stages").Select(x => x.Value).ToList();
            if (opportunityStages.Count > 0 && entry is not StageEntry.Opportunity and not null)
            {
                context.Error(item.Value("opportunity_stages", false)!, item.PathOf("opportunity_stages"),
                    $"{item.PathOf("opportunity_stages")} only applies to a stage whose entry is 'opportunity'");
            }
            return id is null || label is null || entry is null
                ? null
                : new LifecycleStage { Id = id, Label = label, Entry = entry.Value, OpportunityStages = opportunityStages };
        }).ToList();
        CheckUnique(context, root, "lifecycle", "stage");
        var node = root.Value("lifecycle", false);
        if (node is not null && stages.Count > 0)
        {
            if (stages[0].Entry != StageEntry.Captured)
                context.Error(node, "lifecycle", "lifecycle must start with the stage whose entry is 'captured' (e.g. lead)");
            foreach (var required in new[] { StageEntry.Captured, StageEntry.ScoreThreshold })
            {
                var count = stages.Count(s => s.Entry == required);
                if (count != 1)
                    context.Error(node, "lifecycle", $"lifecycle must have exactly one stage with entry '{(required == StageEntry.Captured ? "captured" : "score_threshold")}' (found {count})");
            }
        }
        return stages;
    }

    private static FollowUpClause? ReadClause(MappingReader item)
    {
        var id = item.Id("id");
        var label = item.Text("label", true);
        var metByText = item.Text("met_by", true);
        FollowUpMetBy? metBy = metByText switch
        {
            "touch" => FollowUpMetBy.Touch,
            "disposition" => FollowUpMetBy.Disposition,
            null => null,
            _ => Invalid<FollowUpMetBy>(item, "met_by", metByText, "touch, disposition"),
        };
        var minCount = item.Int("min_count", false, 1, 100) ?? 1;
        if (metBy == FollowUpMetBy.Disposition && minCount != 1)
            item.Context.Error(item.Value("min_count", false)!, item.PathOf("min_count"), $"{item.PathOf("min_count")} must be 1 for a clause met by a disposition");
        var within = ReadDuration(item, "within");
        return id is null || label is null || metBy is null || within is null
            ? null
            : new FollowUpClause { Id = id, Label = label, MetBy = metBy.Value, MinCount = minCount, Within = within.Value };
    }

    private static ContractDuration? ReadDuration(MappingReader item, string key)
    {
        var text = item.Text(key, true);
        if (text is null)
            return null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        DurationUnit? unit = parts.Length == 2 ? parts[1] switch
        {
            "minutes" or "minute" => DurationUnit.Minutes,
            "hours" or "hour" => DurationUnit.Hours,
            "days" or "day" => DurationUnit.Days,
            "business_hours" or "business_hour" => DurationUnit.BusinessHours,
            "business_days" or "business_day" => DurationUnit.BusinessDays,
            _ => null,
        } : null;
        if (unit is not null && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount is >= 1 and <= 10_000)
            return new ContractDuration(amount, unit.Value);
        item.Context.Error(item.Value(key, false)!, item.PathOf(key),
            $"{item.PathOf(key)} '{text}' must be a whole number from 1 to 10000 and a unit: minutes, hours, days, business_hours or business_days (e.g. '4 business_hours')");
        return null;
    }

    private static EscalationStep? ReadEscalationStep(MappingReader item)
    {
        var context = item.Context;
        var id = item.Id("id");
        var breachNumber = item.Int("on_breach_number", false, 1, 100);
        var clause = item.Id("on_clause", false);
        if (clause is not null)
            context.Reference(item.Value("on_clause", false)!, item.PathOf("on_clause"), ReferenceKind.FollowUpClause, clause);
        var actionText = item.Text("action", true);
        EscalationStepAction? action = actionText switch
        {
            "notify_manager" => EscalationStepAction.NotifyManager,
            "reassign" => EscalationStepAction.Reassign,
            null => null,
            _ => Invalid<EscalationStepAction>(item, "action", actionText, "notify_manager, reassign"),
        };
        var webhookText = item.Text("webhook_url");
        Uri? webhook = null;
        if (webhookText is not null)
        {
            var node = item.Value("webhook_url", false)!;
            if (!Uri.TryCreate(webhookText, UriKind.Absolute, out webhook) || (webhook.Scheme != Uri.UriSchemeHttp && webhook.Scheme != Uri.UriSchemeHttps))
            {
                context.Error(node, item.PathOf("webhook_url"), $"{item.PathOf("webhook_url")} '{webhookText}' must be an absolute http:// or https:// URL");
                webhook = null;
            }
            else if (action == EscalationStepAction.Reassign)
            {
                context.Error(node, item.PathOf("webhook_url"), $"{item.PathOf("webhook_url")} only applies to action notify_manager");
            }
        }
        var breachNode = item.Value("on_breach_number", false);
        var clauseNode = item.Value("on_clause", false);
        if ((breachNode is null) == (clauseNode is null))
        {
            context.Error(item.Node, item.Path, $"{item.Path} must have exactly one trigger: on_breach_number (the lead's Nth breach) or on_clause (a breach of that clause)");
            return null;
        }
        return id is null || action is null || (breachNumber is null && clause is null)
            ? null
            : new EscalationStep { Id = id, OnBreachNumber = breachNumber, OnClause = clause, Action = action.Value, WebhookUrl = webhook };
    }

    private static BusinessCalendar? ReadCalendar(MappingReader item)
    {
        var context = item.Context;
        var id = item.Id("id");
        var zone = item.Text("time_zone", true);
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            context.Error(item.Value("time_zone", false)!, item.PathOf("time_zone"), $"{item.PathOf("time_zone")} '{zone}' is not a known IANA time zone (e.g. America/New_York, Europe/London)");
            zone = null;
        }
        var days = new List<DayOfWeek>();
        foreach (var (value, node) in item.TextList("working_days", true))
        {
            DayOfWeek? day = value switch
            {
                "mon" => DayOfWeek.Monday,
                "tue" => DayOfWeek.Tuesday,
                "wed" => DayOfWeek.Wednesday,
                "thu" => DayOfWeek.Thursday,
                "fri" => DayOfWeek.Friday,
                "sat" => DayOfWeek.Saturday,
                "sun" => DayOfWeek.Sunday,
                _ => null,
            };
            if (day is null)
                context.Error(node, item.PathOf("working_days"), $"{item.PathOf("working_days")} has '{value}': use mon, tue, wed, thu, fri, sat, sun");
            else if (days.Contains(day.Value))
                context.Error(node, item.PathOf("working_days"), $"{item.PathOf("working_days")} lists '{value}' twice");
            else
                days.Add(day.Value);
        }
        var hours = item.Text("hours", true);
        (TimeOnly Start, TimeOnly End)? span = null;
        if (hours is not null)
        {
            var parts = hours.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length == 2
                && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
                && start < end)
            {
                span = (start, end);
            }
            else
            {
                context.Error(item.Value("hours", false)!, item.PathOf("hours"), $"{item.PathOf("hours")} '{hours}' must be HH:mm-HH:mm with the start before the end, e.g. 09:00-17:00");
            }
        }
        var holidays = new List<DateOnly>();
        foreach (var (value, node) in item.TextList("holidays"))
        {
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                holidays.Add(date);
            else
                context.Error(node, item.PathOf("holidays"), $"{item.PathOf("holidays")} has '{value}': write dates as yyyy-MM-dd");
        }
        return id is null || zone is null || span is null || days.Count == 0
            ? null
            : new BusinessCalendar { Id = id, TimeZone = zone, WorkingDays = days, DayStart = span.Value.Start, DayEnd = span.Value.End, Holidays = holidays };
    }

    private static RoutingPolicy? ReadRouting(MappingReader routing)
    {
        var context = routing.Context;
        var defaultTeam = routing.Id("default_team");
        if (defaultTeam is not null)
            context.Reference(routing.Value("default_team", false)!, routing.PathOf("default_team"), ReferenceKind.Team, defaultTeam);
        var teams = routing.Items("teams", true, team =>
        {
            var id = team.Id("id");
            var label = team.Text("label");
            var calendar = team.Id("calendar");
            if (calendar is not null)
                context.Reference(team.Value("calendar", false)!, team.PathOf("calendar"), ReferenceKind.Calendar, calendar);
            var queue = team.Id("fallback_queue");
            var manager = team.Text("manager", true);
            return id is null || calendar is null || queue is null || manager is null
                ? null
                : new SalesTeam { Id = id, Label = label, Calendar = calendar, FallbackQueue = queue, Manager = manager };
        });
        DeclareAll(context, routing, "teams", ReferenceKind.Team, "team");
        var rules = routing.Items("rules", false, ReadRule);
        CheckUnique(context, routing, "rules", "rule");
        routing.Finish();
        return defaultTeam is null ? null : new RoutingPolicy { DefaultTeam = defaultTeam, Teams = teams, Rules = rules };
    }

    private static RoutingRule? ReadRule(MappingReader item)
    {
        var context = item.Context;
        var id = item.Id("id");
        var team = item.Id("team");
        if (team is not null)
            context.Reference(item.Value("team", false)!, item.PathOf("team"), ReferenceKind.Team, team);
        var match = item.Map("match", true) is { } m ? ReadRuleMatch(m) : null;
        var excluded = item.TextList("exclude_reps").Select(x => x.Value).ToList();
        return id is null || team is null || match is null
            ? null
            : new RoutingRule { Id = id, Team = team, Match = match, ExcludedReps = excluded };
    }

    private static RuleMatch? ReadRuleMatch(MappingReader match)
    {
        var context = match.Context;
        var bands = match.TextList("company_size_band");
        foreach (var (band, node) in bands)
            context.Reference(node, match.PathOf("company_size_band"), ReferenceKind.CompanySizeBand, band);
        var sources = match.TextList("source");
        foreach (var (source, node) in sources)
            context.Reference(node, match.PathOf("source"), ReferenceKind.Source, source);
        int? minScore = null, maxScore = null;
        if (match.Map("score", false) is { } score)
        {
            minScore = score.Int("min", false, 0, 100_000);
            maxScore = score.Int("max", false, 0, 100_000);
            score.Finish();
            if (minScore > maxScore)
                context.Error(score.Node, score.Path, $"{score.Path}: min ({minScore}) must not be greater than max ({maxScore})");
        }
        var custom = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (match.Map("custom", false) is { } customReader)
        {
            foreach (var (key, _) in customReader.Node.Children)
            {
                if (key is YamlScalarNode { Value: { } name })
                    custom[name] = customReader.TextList(name, true).Select(x => x.Value).ToList();
            }
            customReader.Finish();
        }
        var result = new RuleMatch
        {
            Countries = match.TextList("country").Select(x => x.Value).ToList(),
            Regions = match.TextList("region").Select(x => x.Value).ToList(),
            CompanySizeBands = bands.Select(x => x.Value).ToList(),
            Industries = match.TextList("industry").Select(x => x.Value).ToList(),
            Sources = sources.Select(x => x.Value).ToList(),
            Campaigns = match.TextList("campaign").Select(x => x.Value).ToList(),
            MinScore = minScore,
            MaxScore = maxScore,
            CustomFields = custom,
        };
        match.Finish();
        return result;
    }

    private static Commitments? ReadCommitments(MappingReader commitments)
    {
        var context = commitments.Context;
        MarketingCommitment? marketing = null;
        if (commitments.Map("marketing", true) is { } m)
        {
            var mqls = m.Int("icp_fit_mqls_per_month", true, 0, 10_000_000);
            m.Finish();
            marketing = mqls is null ? null : new MarketingCommitment(mqls.Value);
        }
        SalesCommitment? sales = null;
        if (commitments.Map("sales", true) is { } s)
        {
            var clause = s.Id("follow_up_clause");
            if (clause is not null)
                context.Reference(s.Value("follow_up_clause", false)!, s.PathOf("follow_up_clause"), ReferenceKind.FollowUpClause, clause);
            var compliance = s.Decimal("follow_up_compliance", true, 0, 1);
            var acceptance = s.Decimal("acceptance_rate", true, 0, 1);
            var excluded = s.TextList("acceptance_excluded_reasons");
            foreach (var (reason, node) in excluded)
                context.Reference(node, s.PathOf("acceptance_excluded_reasons"), ReferenceKind.DispositionReason, reason);
            s.Finish();
            sales = clause is null || compliance is null || acceptance is null
                ? null
                : new SalesCommitment
                {
                    FollowUpClause = clause,
                    FollowUpCompliance = compliance.Value,
                    AcceptanceRate = acceptance.Value,
                    AcceptanceExcludedReasons = excluded.Select(x => x.Value).ToList(),
                };
        }
        commitments.Finish();
        return marketing is null || sales is null ? null : new Commitments(marketing, sales);
    }

    private static void CheckThresholdReachable(ParseContext context, MappingReader root, ScoringRules scoring)
    {
        var reachable = scoring.FitCriteria.Where(c => c.Points > 0).Sum(c => c.Points)
            + scoring.Behaviour.Signals.Where(s => s.Points > 0).Sum(s => s.Points);
        if (reachable < scoring.MqlThreshold)
        {
            var scoringNode = root.Value("scoring", false)!;
            context.Error(scoringNode, "scoring.mql_threshold",
                $"scoring.mql_threshold {scoring.MqlThreshold} can never be reached: fit and behaviour points add up to at most {reachable}");
        }
    }

    /// <summary>Declares every id written in the list, including entries that failed validation, so one error does not cascade.</summary>
    private static void DeclareAll(ParseContext context, MappingReader parent, string key, ReferenceKind kind, string what)
    {
        foreach (var id in CheckUnique(context, parent, key, what))
            context.Declare(kind, id);
    }

    /// <summary>Reports ids written twice in the list (at the second one) and returns the distinct ids.</summary>
    private static HashSet<string> CheckUnique(ParseContext context, MappingReader parent, string key, string what, HashSet<string>? seen = null)
    {
        seen ??= new HashSet<string>(StringComparer.Ordinal);
        if (parent.Value(key, false) is not YamlSequenceNode sequence)
            return seen;
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping
                && mapping.Children.TryGetValue(new YamlScalarNode("id"), out var value)
                && value is YamlScalarNode { Value: { } id } && id.Trim().Length > 0)
            {
                MappingReader.Unique(context, seen, id.Trim(), value, parent.PathOf(key), what);
            }
        }
        return seen;
    }

    private static T? Invalid<T>(MappingReader item, string key, string value, string allowed)
        where T : struct
    {
        item.Context.Error(item.Value(key, false)!, item.PathOf(key), $"{item.PathOf(key)} '{value}' is not one of: {allowed}");
        return null;
    }
}
