using RevOps.Contracts.V1;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Grpc.Internal;

/// <summary>Hand-written mapping from the adjustment advisor's answer to SuggestAdjustmentsResponse.</summary>
internal static class AdjustmentMapping
{
    public static SuggestAdjustmentsResponse ToResponse(AdjustmentProposal proposal)
    {
        var response = new SuggestAdjustmentsResponse
        {
            BaseContractVersion = proposal.BaseVersion,
            Dispositioned = proposal.Dispositioned,
            BaselineAcceptanceRate = proposal.BaselineAcceptanceRate,
            BaselineConversionRate = proposal.BaselineConversionRate,
            BaselineFitRejectionRate = proposal.BaselineFitRejectionRate,
            ProposedYaml = proposal.ProposedYaml ?? "",
        };
        response.Criteria.AddRange(proposal.Criteria.Select(c => new CriterionStats
        {
            CriterionId = c.CriterionId,
            Label = c.Label,
            Kind = c.Kind == ContributionKind.Fit ? CriterionKind.Fit : CriterionKind.Behaviour,
            Points = c.Points,
            Dispositioned = c.Dispositioned,
            AcceptanceRate = c.AcceptanceRate,
            ConversionRate = c.ConversionRate,
            FitRejectionRate = c.FitRejectionRate,
        }));
        response.Changes.AddRange(proposal.Changes.Select(c => new PointChange
        {
            CriterionId = c.CriterionId,
            OldPoints = c.OldPoints,
            NewPoints = c.NewPoints,
            Reason = c.Reason,
        }));
        return response;
    }
}
