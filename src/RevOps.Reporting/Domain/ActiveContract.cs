using RevOps.RevenueContract;

namespace RevOps.Reporting.Domain;

/// <summary>
/// The contract the scorecard is judged against and the targets it sets. For now the default contract shipped with the
/// repository; the place to fetch the active version from the scoring service (revops.v1.RevenueContract GetActive).
/// </summary>
public sealed class ActiveContract
{
    public ActiveContract(ContractDocument contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
        var (marketing, sales) = (contract.Commitments.Marketing, contract.Commitments.Sales);
        Targets = ScorecardTargets.Default
            .With(FigureKeys.AcceptanceRate, new FigureTarget(sales.AcceptanceRate, TargetComparison.GreaterThan))
            .With(FigureKeys.FollowUpCompliance, new FigureTarget(sales.FollowUpCompliance, TargetComparison.GreaterThan))
            .With(FigureKeys.IcpMqls, new FigureTarget(marketing.IcpFitMqlsPerMonth, TargetComparison.AtLeast, PerMonth: true));
    }

    public ContractDocument Contract { get; }

    public int Version => Contract.Version;

    /// <summary>Sales' acceptance and follow-up commitments and marketing's monthly ICP-fit MQLs, as scorecard targets.</summary>
    public ScorecardTargets Targets { get; }

    public static ActiveContract LoadDefault() => new(ContractLoader.LoadDefault());
}
