using RevOps.Contracts.Events;
using RevOps.Reporting.Domain.Internal;

namespace RevOps.Reporting.Domain;

/// <summary>
/// Every lead and breach fact in memory, one array per field the scorecard and funnel read: a report over ten million
/// leads is one pass over a few arrays instead of PostgreSQL's bitmap scans, heap fetches and sorts. The figures are
/// <see cref="ScorecardCalculator.Tally"/>'s and <see cref="FunnelCalculator"/>'s exactly (the tests hold them to the same
/// numbers). Reports share a lock that <see cref="Apply"/> takes alone; <see cref="Data.FactMirror"/> keeps it equal to the tables.
/// </summary>
public sealed class FactColumns
{
    // A missing time: below every period.
    private const long NoTime = long.MinValue;
    private const int NoVersion = int.MinValue;

    // Time columns, as UTC ticks.
    private const int Captured = 0, Mql = 1, Assigned = 2, FirstTouch = 3, FirstTouchDue = 4, FirstTouchBreached = 5,
        Accepted = 6, Rejected = 7, Sao = 8, Opportunity = 9, Won = 10, Lost = 11, TimeColumns = 12;

    // Text columns, as codes of each column's own dictionary (0 is null).
    private const int Source = 0, Campaign = 1, Segment = 2, Team = 3, Owner = 4, RejectionReason = 5, Currency = 6, TextColumns = 7;

    // The times a report selects leads by: any of them in a period puts the lead in it.
    private static readonly int[] PeriodColumns = [Captured, Mql, FirstTouch, FirstTouchDue, Accepted, Rejected, Opportunity, Won, Lost];

    // Flag bits.
    private const byte MarketingSourcedKnown = 1, MarketingSourced = 2, MarketingInfluenced = 4, IcpFit = 8;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<Guid, int> _rowOfLead = [];
    private Guid[] _leadId;
    private readonly long[][] _times = new long[TimeColumns][];
    private readonly int[][] _texts = new int[TextColumns][];
    private readonly TextCodes[] _codes = [.. Enumerable.Range(0, TextColumns).Select(_ => new TextCodes())];
    private int[] _contractVersion;
    private byte[] _flags;
    private sbyte[] _outcome; // OpportunityOutcome, -1 for none
    private readonly Dictionary<int, decimal> _amountOfRow = [];
    private readonly Dictionary<int, long> _leadsOfVersion = [];
    private int _leads;

    // Zone maps: the earliest and latest time any lead of a block of rows has in a column a period selects by, so a
    // report skips the blocks wholly outside its period (leads arrive roughly in time order, and their stages follow).
    private const int BlockRows = 4096;
    private long[] _blockEarliest = [], _blockLatest = [];

    private readonly Dictionary<Guid, int> _indexOfBreach = [];
    private readonly List<BreachFact> _breaches = [];

    public FactColumns(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        for (var c = 0; c < TimeColumns; c++)
            _times[c] = new long[capacity];
        for (var c = 0; c < TextColumns; c++)
            _texts[c] = new int[capacity];
        _leadId = new Guid[capacity];
        _contractVersion = new int[capacity];
        _flags = new byte[capacity];
        _outcome = new sbyte[capacity];
        GrowBlocks(capacity);
        _rowOfLead.EnsureCapacity(capacity);
    }

    public int LeadCount => _leads;

    /// <summary>Stores each fact as it stands in the tables now, replacing what was held for the same lead or breach.</summary>
    public void Apply(IReadOnlyCollection<LeadFact> leads, IReadOnlyCollection<BreachFact> breaches)
    {
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(breaches);
        _lock.EnterWriteLock();
        try
        {
            foreach (var lead in leads)
                Store(lead);
            foreach (var breach in breaches)
            {
                if (_indexOfBreach.TryGetValue(breach.BreachId, out var index))
                    _breaches[index] = breach;
                else
                {
                    _indexOfBreach.Add(breach.BreachId, _breaches.Count);
                    _breaches.Add(breach);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Store(LeadFact lead)
    {
        if (!_rowOfLead.TryGetValue(lead.LeadId, out var row))
        {
            row = _leads++;
            if (row == _flags.Length)
                Grow(row * 2);
            _rowOfLead.Add(lead.LeadId, row);
            _leadId[row] = lead.LeadId;
        }
        else
        {
            for (var c = 0; c < TextColumns; c++)
                _codes[c].Release(_texts[c][row]);
            if (_contractVersion[row] != NoVersion)
                _leadsOfVersion[_contractVersion[row]]--;
        }

        SetTime(Captured, lead.CapturedAt);
        SetTime(Mql, lead.MqlAt);
        SetTime(Assigned, lead.AssignedAt);
        SetTime(FirstTouch, lead.FirstTouchAt);
        SetTime(FirstTouchDue, lead.FirstTouchDueAt);
        SetTime(FirstTouchBreached, lead.FirstTouchBreachedAt);
        SetTime(Accepted, lead.AcceptedAt);
        SetTime(Rejected, lead.RejectedAt);
        SetTime(Sao, lead.SaoAt);
        SetTime(Opportunity, lead.OpportunityAt);
        SetTime(Won, lead.WonAt);
        SetTime(Lost, lead.LostAt);
        SetText(Source, lead.Source);
        SetText(Campaign, lead.Campaign);
        SetText(Segment, lead.Segment);
        SetText(Team, lead.TeamId);
        SetText(Owner, lead.OwnerRepId);
        SetText(RejectionReason, lead.RejectionReason);
        SetText(Currency, lead.Currency);

        _contractVersion[row] = lead.ContractVersion ?? NoVersion;
        if (lead.ContractVersion is { } version)
            _leadsOfVersion[version] = _leadsOfVersion.GetValueOrDefault(version) + 1;
        _flags[row] = (byte)((lead.MarketingSourced is null ? 0 : MarketingSourcedKnown)
            | (lead.MarketingSourced == true ? MarketingSourced : 0)
            | (lead.MarketingInfluenced ? MarketingInfluenced : 0)
            | (lead.IcpFit == true ? IcpFit : 0));
        _outcome[row] = lead.Outcome is { } outcome ? (sbyte)outcome : (sbyte)-1;
        if (lead.Amount is { } amount)
            _amountOfRow[row] = amount;
        else
            _amountOfRow.Remove(row);

        // Only ever widened: a lead's times move earlier (LEAST), and one that moved out leaves a block scanned for nothing.
        var block = row / BlockRows;
        foreach (var column in PeriodColumns)
        {
            var time = _times[column][row];
            if (time == NoTime)
                continue;
            _blockEarliest[block] = Math.Min(_blockEarliest[block], time);
            _blockLatest[block] = Math.Max(_blockLatest[block], time);
        }

        void SetTime(int column, DateTimeOffset? time) => _times[column][row] = time?.UtcTicks ?? NoTime;
        void SetText(int column, string? text) => _texts[column][row] = _codes[column].Retain(text);
    }

    private void Grow(int capacity)
    {
        for (var c = 0; c < TimeColumns; c++)
            Array.Resize(ref _times[c], capacity);
        for (var c = 0; c < TextColumns; c++)
            Array.Resize(ref _texts[c], capacity);
        Array.Resize(ref _leadId, capacity);
        Array.Resize(ref _contractVersion, capacity);
        Array.Resize(ref _flags, capacity);
        Array.Resize(ref _outcome, capacity);
        GrowBlocks(capacity);
    }

    private void GrowBlocks(int capacity)
    {
        var (blocks, old) = ((capacity + BlockRows - 1) / BlockRows, _blockEarliest.Length);
        Array.Resize(ref _blockEarliest, blocks);
        Array.Resize(ref _blockLatest, blocks);
        _blockEarliest.AsSpan(old).Fill(long.MaxValue);
        _blockLatest.AsSpan(old).Fill(long.MinValue);
    }

    /// <summary>Whether <paramref name="time"/> is in [from, from + span): one unsigned compare, and a missing time (long.MinValue) wraps far past the span.</summary>
    private static bool InSpan(long time, long from, long span) => unchecked((ulong)(time - from)) < (ulong)span;

    /// <summary>The rows of the blocks that may hold a time in [from, from + span). Call under the lock.</summary>
    private IEnumerable<(int Start, int End)> RowsNear(long from, long span)
    {
        for (var block = 0; block * BlockRows < _leads; block++)
        {
            if (_blockLatest[block] >= from && _blockEarliest[block] - from < span)
                yield return (block * BlockRows, Math.Min(_leads, (block + 1) * BlockRows));
        }
    }

    /// <summary>The period's counts, as <see cref="ScorecardCalculator.Tally"/> takes them.</summary>
    /// <param name="asOf">First-touch clocks due after it are not judged yet: now, for a running period, else its end.</param>
    public ScorecardTally Tally(ReportPeriod period, LeadFilter filter, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        long from = period.From.UtcTicks, span = period.To.UtcTicks - from, now = asOf.UtcTicks;
        bool In(long time) => InSpan(time, from, span);

        var t = new TallyCounter();
        Dictionary<string, long> rejectionReasons;
        Dictionary<string, decimal> revenue;
        List<BreachFact> periodBreaches;

        _lock.EnterReadLock();
        try
        {
            var match = Match(filter);
            var reasonCounts = new long[_codes[RejectionReason].Count];
            var revenueByCurrency = new Dictionary<int, decimal>();
            var (mqlAt, assignedAt, firstTouchAt, dueAt) = (_times[Mql], _times[Assigned], _times[FirstTouch], _times[FirstTouchDue]);
            var (breachedAt, acceptedAt, rejectedAt, opportunityAt) = (_times[FirstTouchBreached], _times[Accepted], _times[Rejected], _times[Opportunity]);
            var (wonAt, lostAt) = (_times[Won], _times[Lost]);
            var (reasons, currencies, flags, outcomes) = (_texts[RejectionReason], _texts[Currency], _flags, _outcome);
            foreach (var (start, end) in RowsNear(from, span))
            {
                for (var i = start; i < end; i++)
                {
                    if (match is not null && !match(i))
                        continue;

                    // LeadFact.Disposition: the later of accept and reject counts, accept on a tie.
                    long a = acceptedAt[i], r = rejectedAt[i];
                    var isAccepted = a != NoTime && (r == NoTime || a >= r);
                    if (In(isAccepted ? a : r))
                    {
                        t.Dispositioned++;
                        if (isAccepted)
                            t.Accepted++;
                    }
                    if (In(r) && reasons[i] != 0)
                        reasonCounts[reasons[i]]++;

                    var due = dueAt[i];
                    if (In(due))
                    {
                        long touched = firstTouchAt[i], breached = breachedAt[i];
                        if (touched != NoTime || breached != NoTime || due <= now)
                        {
                            t.ComplianceDecided++;
                            if (touched != NoTime && touched <= due && breached == NoTime)
                                t.Compliant++;
                        }
                    }

                    var mql = mqlAt[i];
                    if (In(mql))
                    {
                        t.Mqls++;
                        if (opportunityAt[i] != NoTime)
                            t.MqlsToOpportunity++;
                        if ((flags[i] & IcpFit) != 0)
                            t.IcpMqls++;
                    }

                    if (In(opportunityAt[i]) && (flags[i] & MarketingSourcedKnown) != 0)
                    {
                        if ((flags[i] & MarketingSourced) != 0)
                            t.MarketingOpportunities++;
                        else
                            t.SalesOpportunities++;
                    }

                    long firstTouch = firstTouchAt[i], assigned = assignedAt[i];
                    if (In(firstTouch) && assigned != NoTime && firstTouch >= assigned)
                        t.SpeedTicks.Add(firstTouch - assigned);

                    // LeadFact.ClosedAt, by the latest outcome.
                    var closed = outcomes[i] switch { (sbyte)OpportunityOutcome.Won => wonAt[i], (sbyte)OpportunityOutcome.Lost => lostAt[i], _ => NoTime };
                    if (In(closed) && mql != NoTime && closed >= mql)
                    {
                        t.Cycles++;
                        t.CycleTicks += closed - mql;
                    }

                    if (outcomes[i] == (sbyte)OpportunityOutcome.Won && (flags[i] & MarketingInfluenced) != 0 && currencies[i] != 0
                        && In(wonAt[i]) && _amountOfRow.TryGetValue(i, out var amount))
                    {
                        t.InfluencedDeals++;
                        revenueByCurrency[currencies[i]] = revenueByCurrency.GetValueOrDefault(currencies[i]) + amount;
                    }
                }
            }

            // Breaches follow the filter through their lead; a breach of a lead without a fact matches no filter.
            periodBreaches = [.. _breaches.Where(b => period.Contains(b.BreachedAt)
                && (match is null || (_rowOfLead.TryGetValue(b.LeadId, out var row) && match(row))))];
            rejectionReasons = reasonCounts.Index().Where(r => r.Item > 0)
                .ToDictionary(r => _codes[RejectionReason].Text(r.Index), r => r.Item, StringComparer.Ordinal);
            revenue = revenueByCurrency.ToDictionary(r => _codes[Currency].Text(r.Key), r => r.Value, StringComparer.Ordinal);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return t.Finish(rejectionReasons, revenue, periodBreaches);
    }

    /// <summary>How many of the leads captured in the period reached each stage (or a later one), in <see cref="FunnelStage"/> order.</summary>
    public long[] FunnelCounts(ReportPeriod period, LeadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        long from = period.From.UtcTicks, span = period.To.UtcTicks - from;
        // FunnelStage order: captured, MQL, assigned, first touch, accepted, SAO, opportunity, won.
        int[] stageColumns = [Captured, Mql, Assigned, FirstTouch, Accepted, Sao, Opportunity, Won];
        var counts = new long[stageColumns.Length];
        _lock.EnterReadLock();
        try
        {
            var match = Match(filter);
            var capturedAt = _times[Captured];
            var stages = stageColumns.Select(c => _times[c]).ToArray();
            foreach (var (start, end) in RowsNear(from, span))
            {
                for (var i = start; i < end; i++)
                {
                    if (!InSpan(capturedAt[i], from, span) || (match is not null && !match(i)))
                        continue;
                    // A lead has reached a stage when it or any later one has a time.
                    var furthest = stages.Length - 1;
                    while (furthest > 0 && stages[furthest][i] == NoTime)
                        furthest--;
                    for (var s = 0; s <= furthest; s++)
                        counts[s]++;
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return counts;
    }

    /// <summary>
    /// The leads matching <paramref name="filter"/> that a report over <paramref name="period"/> can count: those with any
    /// period-selecting stage time (captured, MQL, first-touch due, first touch, disposition, opportunity, close) in it.
    /// </summary>
    public List<Guid> LeadIdsIn(ReportPeriod period, LeadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        long from = period.From.UtcTicks, span = period.To.UtcTicks - from;
        var ids = new List<Guid>();
        _lock.EnterReadLock();
        try
        {
            var match = Match(filter);
            var times = PeriodColumns.Select(c => _times[c]).ToArray();
            foreach (var (start, end) in RowsNear(from, span))
            {
                for (var i = start; i < end; i++)
                {
                    if ((match is null || match(i)) && times.Any(t => InSpan(t[i], from, span)))
                        ids.Add(_leadId[i]);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return ids;
    }

    /// <summary>The filter fields whose value no lead fact carries, e.g. ("source", "webinar"): a typo, not an empty report.</summary>
    public IReadOnlyList<(string Column, string Value)> UnknownFilterValues(LeadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var unknown = new List<(string, string)>();
        _lock.EnterReadLock();
        try
        {
            void Check(string column, int textColumn, string? value)
            {
                if (value is not null && !_codes[textColumn].IsCarried(value))
                    unknown.Add((column, value));
            }
            Check("source", Source, filter.Source);
            Check("campaign", Campaign, filter.Campaign);
            Check("segment", Segment, filter.Segment);
            Check("team_id", Team, filter.TeamId);
            Check("owner_rep_id", Owner, filter.OwnerRepId);
            if (filter.ContractVersion is { } version && _leadsOfVersion.GetValueOrDefault(version) == 0)
                unknown.Add(("contract_version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return unknown;
    }

    /// <summary>The row test for <paramref name="filter"/>, or null when it matches every lead. Call under the lock.</summary>
    private Func<int, bool>? Match(LeadFilter filter)
    {
        if (filter.IsEmpty)
            return null;
        // -2: any value; a value no lead ever carried has no code, and -1 matches no row.
        int Code(int column, string? value) => value is null ? -2 : _codes[column].Find(value);
        var wanted = new[] { Code(Source, filter.Source), Code(Campaign, filter.Campaign), Code(Segment, filter.Segment),
            Code(Team, filter.TeamId), Code(Owner, filter.OwnerRepId) };
        var columns = new[] { _texts[Source], _texts[Campaign], _texts[Segment], _texts[Team], _texts[Owner] };
        var (version, versions) = (filter.ContractVersion, _contractVersion);
        return row =>
        {
            for (var c = 0; c < wanted.Length; c++)
            {
                if (wanted[c] != -2 && columns[c][row] != wanted[c])
                    return false;
            }
            return version is not { } v || versions[row] == v;
        };
    }

    /// <summary>One text column's values as dense codes (0 is null), with how many leads carry each.</summary>
    private sealed class TextCodes
    {
        private readonly Dictionary<string, int> _codeOf = new(StringComparer.Ordinal);
        private readonly List<string?> _texts = [null];
        private readonly List<long> _carriers = [0];

        public int Count => _texts.Count;

        public int Retain(string? text)
        {
            if (text is null)
                return 0;
            if (!_codeOf.TryGetValue(text, out var code))
            {
                code = _texts.Count;
                _codeOf.Add(text, code);
                _texts.Add(text);
                _carriers.Add(0);
            }
            _carriers[code]++;
            return code;
        }

        public void Release(int code)
        {
            if (code != 0)
                _carriers[code]--;
        }

        public int Find(string text) => _codeOf.TryGetValue(text, out var code) ? code : -1;

        public bool IsCarried(string text) => _codeOf.TryGetValue(text, out var code) && _carriers[code] > 0;

        public string Text(int code) => _texts[code]!;
    }
}
