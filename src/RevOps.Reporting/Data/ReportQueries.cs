using Npgsql;
using NpgsqlTypes;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Data;

/// <summary>The reports the gRPC API and the page serve: funnel and scorecard aggregated in PostgreSQL, the review pack from the week's facts.</summary>
public sealed class ReportQueries(
    NpgsqlDataSource dataSource, LeadFactStore store, ReportAggregates aggregates, ActiveContract contract, TimeProvider clock)
{
    public async Task<FunnelReport> FunnelAsync(ReportPeriod period, LeadFilter filter, CancellationToken cancellationToken) =>
        FunnelCalculator.Compute(await aggregates.FunnelCountsAsync(period, filter, cancellationToken), period);

    public async Task<Scorecard> ScorecardAsync(ReportPeriod period, LeadFilter filter, CancellationToken cancellationToken)
    {
        // A running period judges only the clocks already due.
        var now = clock.GetUtcNow();
        var tally = await aggregates.ScorecardTallyAsync(period, filter, now < period.To ? now : period.To, cancellationToken);
        return ScorecardCalculator.Compute(tally, period, contract.Targets);
    }

    public async Task<ReviewPack> ReviewPackAsync(DateOnly weekStart, LeadFilter filter, CancellationToken cancellationToken)
    {
        // The pack compares against the previous week, so it reads both.
        var span = new ReportPeriod(ReportPeriod.Week(weekStart.AddDays(-7)).From, ReportPeriod.Week(weekStart).To);
        var leads = await store.ListLeadsInPeriodAsync(span, filter, cancellationToken).ToListAsync(cancellationToken);
        var breaches = await store.ListBreachesAsync(span.From, span.To, cancellationToken).ToListAsync(cancellationToken);
        return ReviewSampler.Build(leads, breaches, weekStart, filter, contract.Targets);
    }

    /// <summary>The filter fields whose value no lead fact carries, e.g. ("source", "webinar"): a typo, not an empty report.</summary>
    public async Task<IReadOnlyList<(string Column, string Value)>> UnknownFilterValuesAsync(LeadFilter filter, CancellationToken cancellationToken)
    {
        var wanted = new List<(string Column, object Value, NpgsqlDbType Type)>();
        if (filter.Source is { } source) wanted.Add(("source", source, NpgsqlDbType.Text));
        if (filter.Campaign is { } campaign) wanted.Add(("campaign", campaign, NpgsqlDbType.Text));
        if (filter.Segment is { } segment) wanted.Add(("segment", segment, NpgsqlDbType.Text));
        if (filter.TeamId is { } team) wanted.Add(("team_id", team, NpgsqlDbType.Text));
        if (filter.OwnerRepId is { } owner) wanted.Add(("owner_rep_id", owner, NpgsqlDbType.Text));
        if (filter.ContractVersion is { } version) wanted.Add(("contract_version", version, NpgsqlDbType.Integer));
        if (wanted.Count == 0)
            return [];

        await using var command = dataSource.CreateCommand(
            "SELECT " + string.Join(", ", wanted.Select((w, i) => $"EXISTS (SELECT 1 FROM lead_facts WHERE {w.Column} = ${i + 1})")));
        foreach (var (_, value, type) in wanted)
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var unknown = new List<(string, string)>();
        for (var i = 0; i < wanted.Count; i++)
        {
            if (!reader.GetBoolean(i))
                unknown.Add((wanted[i].Column, Convert.ToString(wanted[i].Value, System.Globalization.CultureInfo.InvariantCulture)!));
        }
        return unknown;
    }
}
