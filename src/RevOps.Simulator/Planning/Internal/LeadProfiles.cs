using System.Globalization;
using RevOps.Contracts.V1;
using RevOps.RevenueContract;

namespace RevOps.Simulator.Planning.Internal;

/// <summary>
/// Firmographics for one lead, built from the contract's own fit criteria: an ICP lead meets every ICP criterion, any
/// other lead misses at least one, so the share stays right whatever the signed contract says.
/// </summary>
internal static class LeadProfiles
{
    private static readonly string[] FirstNames =
        ["Ava", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hiro", "Isabel", "Jonas",
         "Kara", "Liam", "Maya", "Noah", "Olivia", "Priya", "Quinn", "Rafael", "Sofia", "Tom"];

    private static readonly string[] LastNames =
        ["Anders", "Brooks", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen",
         "Kowalski", "Lopez", "Meyer", "Nakamura", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Weber"];

    private static readonly string[] CompanyStems = ["North", "Blue", "Bright", "Iron", "Clear", "Silver", "Pine", "Harbor", "Summit", "Cedar", "Atlas", "Nova"];
    private static readonly string[] CompanySuffixes = ["works", "labs", "ly", "stack", "forge", "wave", "loop", "grid"];

    private static readonly (string Country, string Region)[] Geography =
        [("US", "NA"), ("US", "NA"), ("US", "NA"), ("US", "NA"), ("CA", "NA"), ("GB", "EMEA"), ("GB", "EMEA"), ("DE", "EMEA"),
         ("DE", "EMEA"), ("FR", "EMEA"), ("NL", "EMEA"), ("AU", "APAC"), ("JP", "APAC"), ("BR", "LATAM")];

    private static readonly string[] Industries = ["Software", "Fintech", "Healthcare", "E-commerce", "Manufacturing", "Media", "Logistics", "Education"];

    // People outside the buying committee, for leads that must miss a job-title criterion.
    private static readonly string[] OtherTitles =
        ["Software Engineer", "Account Executive", "Office Manager", "Data Analyst", "Student", "Procurement Specialist",
         "IT Director", "Customer Success Manager", "Recruiter", "Product Designer"];

    private static readonly string[] Campaigns =
        ["spring-launch", "pricing-retargeting", "growth-webinar-series", "abm-mid-market", "partner-co-sell", "outbound-q3"];

    /// <summary>
    /// A lead, its fit points and whether it is inside the ICP, under the contract; <paramref name="maxFit"/> caps the points by
    /// missing non-ICP criteria.
    /// </summary>
    public static (LeadInput Lead, int Fit, bool Icp) Create(Random random, ContractDocument contract, bool icp, int? maxFit, int seed, int lead)
    {
        var (country, region) = Pick(random, Geography);
        var draft = new LeadDraft
        {
            JobTitle = Pick(random, OtherTitles),
            Industry = Pick(random, Industries),
            Country = country,
            Region = region,
            AnnualRevenue = RoundRevenue((decimal)Math.Exp(Uniform(random, Math.Log(300_000), Math.Log(800_000_000)))),
            DecisionTimelineDays = random.Next(7, 366),
            BudgetAuthority = random.NextDouble() < 0.4,
        };

        var criteria = contract.Scoring.FitCriteria;
        var icpCriteria = criteria.Where(c => c.Icp).ToList();
        var missed = icp ? [] : icpCriteria.Where(_ => random.NextDouble() < 0.5).ToHashSet();
        if (!icp && missed.Count == 0 && icpCriteria.Count > 0)
            missed.Add(Pick(random, icpCriteria));
        foreach (var criterion in criteria)
        {
            var meet = criterion.Icp ? !missed.Contains(criterion) : random.NextDouble() < (icp ? 0.6 : 0.35);
            Apply(draft, criterion.When, meet, random);
        }
        if (maxFit is { } cap)
        {
            foreach (var criterion in criteria.Where(c => !c.Icp))
            {
                if (Fit(contract, draft) <= cap)
                    break;
                Apply(draft, criterion.When, meet: false, random);
            }
        }
        if (criteria.All(c => c.When.Field != LeadFields.EmployeeCount) && draft.AnnualRevenue is { } arr)
            draft.EmployeeCount = Math.Max(2, (int)(arr / (decimal)Uniform(random, 150_000, 300_000)));

        var first = Pick(random, FirstNames);
        var last = Pick(random, LastNames);
        var company = Pick(random, CompanyStems) + Pick(random, CompanySuffixes);
        var source = PickSource(random, contract);
        var input = new LeadInput
        {
            Email = $"{first}.{last}.{seed}-{lead}@{company}.example.com".ToLowerInvariant(),
            FirstName = first,
            LastName = last,
            JobTitle = draft.JobTitle ?? "",
            Company = company,
            Country = draft.Country ?? "",
            Region = draft.Region ?? "",
            Industry = draft.Industry ?? "",
            Source = source,
            ExternalId = $"sim-{seed}-{lead}",
            Campaign = Pick(random, Campaigns),
        };
        if (draft.AnnualRevenue is { } revenue)
            input.AnnualRevenue = new Money { CurrencyCode = "USD", Units = (long)revenue };
        if (draft.EmployeeCount is { } employees)
            input.EmployeeCount = employees;
        if (draft.DecisionTimelineDays is { } days)
            input.DecisionTimelineDays = days;
        if (draft.BudgetAuthority is { } budget)
            input.BudgetAuthority = budget;
        foreach (var (name, value) in draft.Custom)
            input.CustomFields[name] = value;
        var attributes = draft.ToAttributes(contract);
        return (input, Fit(contract, draft), criteria.Where(c => c.Icp).All(c => c.When.Evaluate(attributes).Matched));
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static double Uniform(Random random, double from, double to) => from + random.NextDouble() * (to - from);

    private static int Fit(ContractDocument contract, LeadDraft draft)
    {
        var attributes = draft.ToAttributes(contract);
        return contract.Scoring.FitCriteria.Where(c => c.When.Evaluate(attributes).Matched).Sum(c => c.Points);
    }

    private static void Apply(LeadDraft draft, FieldCondition when, bool meet, Random random)
    {
        if (when.Is is { } flag)
        {
            draft.Set(when.Field, meet == flag ? "true" : "false");
            return;
        }
        if (when.Min is not null || when.Max is not null)
        {
            draft.Set(when.Field, (meet ? Inside(random, when.Min, when.Max) : Outside(random, when.Min, when.Max)).ToString(CultureInfo.InvariantCulture));
            return;
        }
        string[] accepted = [.. when.AnyOf, .. when.ContainsAny];
        if (meet && accepted.Length > 0)
        {
            var phrase = Pick(random, accepted);
            draft.Set(when.Field, when.Field == LeadFields.JobTitle ? TitleCase(phrase) : phrase);
            return;
        }
        var pool = TextPool(when.Field);
        var start = random.Next(Math.Max(pool.Count, 1));
        for (var i = 0; i < pool.Count; i++)
        {
            var candidate = pool[(start + i) % pool.Count];
            var trial = draft.Copy();
            trial.Set(when.Field, candidate);
            if (!when.Evaluate(trial.ToAttributes(null)).Matched)
            {
                draft.Set(when.Field, candidate);
                return;
            }
        }
    }

    private static decimal Inside(Random random, decimal? min, decimal? max)
    {
        var from = (double)(min ?? 0);
        var to = (double)(max ?? Math.Max(min ?? 0, 1) * 4);
        return Math.Clamp(Math.Round((decimal)Uniform(random, from, to)), min ?? decimal.MinValue, max ?? decimal.MaxValue);
    }

    private static decimal Outside(Random random, decimal? min, decimal? max)
    {
        var below = min is > 0;
        var above = max is not null;
        if (below && (!above || random.NextDouble() < 0.5))
            return Math.Floor((decimal)Uniform(random, (double)min!.Value * 0.05, (double)min.Value * 0.95));
        return above ? Math.Ceiling((decimal)Uniform(random, (double)max!.Value * 1.1 + 1, (double)max.Value * 10 + 10)) : -1;
    }

    private static IReadOnlyList<string> TextPool(string field) => field switch
    {
        LeadFields.JobTitle => OtherTitles,
        LeadFields.Industry => Industries,
        LeadFields.Country => [.. Geography.Select(g => g.Country).Distinct()],
        LeadFields.Region => [.. Geography.Select(g => g.Region).Distinct()],
        _ => ["other"],
    };

    private static string PickSource(Random random, ContractDocument contract)
    {
        if (contract.Sources.Count == 0)
            return "web_form";
        // Marketing runs most of the inbound volume; sales-sourced leads are the smaller share.
        var weighted = contract.Sources.SelectMany(s => Enumerable.Repeat(s.Id, s.Owner == SourceOwner.Marketing ? 3 : 1)).ToList();
        return Pick(random, weighted);
    }

    private static decimal RoundRevenue(decimal revenue) => Math.Round(revenue / 10_000m) * 10_000m;

    private static string TitleCase(string phrase) => string.Join(' ', phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word switch
    {
        "of" or "and" or "the" => word,
        { Length: <= 3 } => word.ToUpperInvariant(),
        _ => char.ToUpperInvariant(word[0]) + word[1..],
    }));

    /// <summary>The lead fields criteria can test, before they become a LeadInput.</summary>
    private sealed class LeadDraft
    {
        public string? JobTitle { get; set; }
        public string? Industry { get; set; }
        public string? Country { get; set; }
        public string? Region { get; set; }
        public decimal? AnnualRevenue { get; set; }
        public int? EmployeeCount { get; set; }
        public int? DecisionTimelineDays { get; set; }
        public bool? BudgetAuthority { get; set; }
        public Dictionary<string, string> Custom { get; } = [];

        public LeadDraft Copy()
        {
            var copy = (LeadDraft)MemberwiseClone();
            foreach (var (name, value) in Custom)
                copy.Custom[name] = value;
            return copy;
        }

        /// <summary>Sets a field by its contract name; fields the simulator does not generate are left alone.</summary>
        public void Set(string field, string value)
        {
            var number = decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : (decimal?)null;
            switch (field)
            {
                case LeadFields.JobTitle: JobTitle = value; break;
                case LeadFields.Industry: Industry = value; break;
                case LeadFields.Country:
                    Country = value;
                    Region = Geography.FirstOrDefault(g => g.Country == value).Region ?? Region;
                    break;
                case LeadFields.Region: Region = value; break;
                case LeadFields.AnnualRevenue when number is { } arr: AnnualRevenue = Math.Max(0, RoundRevenue(arr)); break;
                case LeadFields.EmployeeCount when number is { } count: EmployeeCount = (int)Math.Max(0, count); break;
                case LeadFields.DecisionTimelineDays when number is { } days: DecisionTimelineDays = (int)Math.Clamp(days, 0, 3650); break;
                case LeadFields.BudgetAuthority: BudgetAuthority = value == "true"; break;
                case var custom when LeadFields.IsCustom(custom): Custom[custom[LeadFields.CustomPrefix.Length..]] = value; break;
            }
        }

        public LeadAttributes ToAttributes(ContractDocument? contract) => new()
        {
            JobTitle = JobTitle,
            Industry = Industry,
            Country = Country,
            Region = Region,
            AnnualRevenue = AnnualRevenue,
            CompanySizeBand = contract?.CompanySizeBandFor(AnnualRevenue)?.Id,
            EmployeeCount = EmployeeCount,
            DecisionTimelineDays = DecisionTimelineDays,
            BudgetAuthority = BudgetAuthority,
            CustomFields = Custom,
        };
    }
}
