using RevOps.Reporting.Domain.Internal;

namespace RevOps.Reporting.Domain;

/// <summary>
/// The weekly review pack. Candidates are leads dispositioned or breached during the week; each goes to one bucket
/// (breached, else rejected, else accepted). Within a bucket leads are ordered by a hash of (lead id, week), so the
/// same week always gives the same sample and different weeks give different ones; the sample takes one lead from
/// each bucket in turn (breached, rejected, accepted) until it has <c>size</c> leads or the buckets run dry.
/// </summary>
public static class ReviewSampler
{
    public const int DefaultSize = 20;
    public const int ChangesShown = 3;

    public static ReviewPack Build(
        IEnumerable<LeadFact> leads, IEnumerable<BreachFact> breaches, DateOnly weekStart, LeadFilter filter,
        ScorecardTargets targets, int size = DefaultSize)
    {
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var week = ReportPeriod.Week(weekStart);
        var previousWeek = ReportPeriod.Week(weekStart.AddDays(-7));
        var leadList = leads.Where(filter.Matches).ToList();
        var breachList = breaches.ToList();

        var breachedClauses = breachList
            .Where(b => week.Contains(b.BreachedAt))
            .GroupBy(b => b.LeadId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(b => b.ClauseId ?? "unknown").Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).ToList());

        var salt = weekStart.DayNumber;
        var buckets = leadList
            .Select(lead => (Lead: lead, Bucket: BucketOf(lead, week, breachedClauses)))
            .Where(c => c.Bucket is not null)
            .GroupBy(c => c.Bucket!.Value)
            .ToDictionary(g => g.Key, g => new Queue<LeadFact>(g.Select(c => c.Lead)
                .OrderBy(l => Stats.StableHash(l.LeadId, salt)).ThenBy(l => l.LeadId)));

        var sample = new List<ReviewLead>(size);
        ReviewBucket[] turns = [ReviewBucket.Breached, ReviewBucket.Rejected, ReviewBucket.Accepted];
        while (sample.Count < size && buckets.Values.Any(q => q.Count > 0))
        {
            foreach (var bucket in turns)
            {
                if (sample.Count == size || !buckets.TryGetValue(bucket, out var queue) || !queue.TryDequeue(out var lead))
                    continue;
                sample.Add(new ReviewLead(lead.LeadId, bucket, lead.Source, lead.TeamId, lead.OwnerRepId, lead.FitScore,
                    lead.BehaviourScore, lead.TotalScore, lead.IcpFit, lead.Disposition, lead.RejectionReason,
                    breachedClauses.GetValueOrDefault(lead.LeadId) ?? []));
            }
        }

        var current = ScorecardCalculator.Compute(leadList, breachList, week, filter, targets);
        var previous = ScorecardCalculator.Compute(leadList, breachList, previousWeek, filter, targets);
        return new ReviewPack(week, sample, LargestChanges(previous, current));
    }

    /// <summary>
    /// The figures that moved most, by relative change (|change| / |previous|); a figure rising from zero ranks above
    /// any relative change. Figures missing a value in either week, or unchanged, are left out.
    /// </summary>
    public static IReadOnlyList<ReviewChange> LargestChanges(Scorecard previous, Scorecard current, int count = ChangesShown)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<ReviewChange>();
        foreach (var figure in current.Figures)
        {
            var before = previous.Figures.FirstOrDefault(f => string.Equals(f.Key, figure.Key, StringComparison.Ordinal));
            if (figure.Value is not { } now || before?.Value is not { } then || now == then)
                continue;
            var change = now - then;
            decimal? relative = then == 0 ? null : Stats.Round(change / Math.Abs(then), Stats.RateDecimals);
            changes.Add(new ReviewChange(figure.Key, figure.Label, figure.Unit, then, now, change, relative));
        }
        return changes
            .OrderByDescending(c => c.RelativeChange is { } r ? Math.Abs(r) : decimal.MaxValue)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }

    private static ReviewBucket? BucketOf(LeadFact lead, ReportPeriod week, Dictionary<Guid, IReadOnlyList<string>> breachedClauses)
    {
        if (breachedClauses.ContainsKey(lead.LeadId))
            return ReviewBucket.Breached;
        if (!week.Contains(lead.DispositionAt))
            return null;
        return lead.Disposition == Disposition.Rejected ? ReviewBucket.Rejected : ReviewBucket.Accepted;
    }
}
