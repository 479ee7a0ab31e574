using System.Collections.Concurrent;
using RevOps.RevenueContract;
using RevOps.RevenueContract.Client;

namespace RevOps.Reporting.Domain;

/// <summary>The contract in force, which sets the scorecard's targets; it follows each newly signed version.</summary>
public sealed class ActiveContract(ContractCatalog catalog)
{
    private readonly ConcurrentDictionary<int, ScorecardTargets> _targets = new();

    public int Version => catalog.Active.Version;

    /// <summary>Sales' acceptance and follow-up commitments and marketing's monthly ICP-fit MQLs, as scorecard targets.</summary>
    public ScorecardTargets Targets
    {
        get
        {
            var contract = catalog.Active;
            return _targets.GetOrAdd(contract.Version, _ => TargetsOf(contract));
        }
    }

    public static ScorecardTargets TargetsOf(ContractDocument contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var (marketing, sales) = (contract.Commitments.Marketing, contract.Commitments.Sales);
        return ScorecardTargets.Default
            .With(FigureKeys.AcceptanceRate, new FigureTarget(sales.AcceptanceRate, TargetComparison.GreaterThan))
            .With(FigureKeys.FollowUpCompliance, new FigureTarget(sales.FollowUpCompliance, TargetComparison.GreaterThan))
            .With(FigureKeys.IcpMqls, new FigureTarget(marketing.IcpFitMqlsPerMonth, TargetComparison.AtLeast, PerMonth: true));
    }
}
