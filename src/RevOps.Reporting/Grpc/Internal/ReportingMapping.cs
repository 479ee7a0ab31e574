using Google.Protobuf.WellKnownTypes;
using RevOps.Reporting.Domain;
using V1 = RevOps.Contracts.V1;

namespace RevOps.Reporting.Grpc.Internal;

/// <summary>Hand-written mapping between the domain records and revops.v1 messages; the enums share values offset by the proto's UNSPECIFIED.</summary>
internal static class ReportingMapping
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    public static ReportRequest.RawFilter ToRawFilter(V1.ReportFilter? filter) => filter is null
        ? new(null, null, null, null, null, null)
        : new(
            filter.HasSource ? filter.Source : null,
            filter.HasCampaign ? filter.Campaign : null,
            filter.HasSegment ? filter.Segment : null,
            filter.HasTeamId ? filter.TeamId : null,
            filter.HasOwnerRepId ? filter.OwnerRepId : null,
            filter.HasContractVersion ? filter.ContractVersion : null);

    public static DateTimeOffset? ToTime(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();

    public static decimal? ToDecimal(V1.DecimalValue? value) => value is null ? null : value.Units + value.Nanos / NanosPerUnit;

    public static V1.DecimalValue? ToProto(decimal? value)
    {
        if (value is not { } v)
            return null;
        var units = decimal.Truncate(v);
        return new V1.DecimalValue { Units = (long)units, Nanos = (int)decimal.Round((v - units) * NanosPerUnit) };
    }

    public static V1.Money ToMoney(string currency, decimal amount)
    {
        var units = decimal.Truncate(amount);
        return new V1.Money { CurrencyCode = currency, Units = (long)units, Nanos = (int)decimal.Round((amount - units) * NanosPerUnit) };
    }

    public static V1.Period ToProto(ReportPeriod period) =>
        new() { From = Timestamp.FromDateTimeOffset(period.From), To = Timestamp.FromDateTimeOffset(period.To) };

    public static V1.Funnel ToProto(FunnelReport report)
    {
        var funnel = new V1.Funnel { Period = ToProto(report.Period) };
        funnel.Stages.AddRange(report.Stages.Select(s => new V1.FunnelStageCount
        {
            Stage = ToProto(s.Stage),
            Count = s.Count,
            ConversionFromPrevious = ToProto(s.ConversionFromPrevious),
        }));
        if (report.BiggestDropOff is { } drop)
        {
            funnel.BiggestDropOff = new V1.FunnelDropOff
            {
                From = ToProto(drop.From),
                To = ToProto(drop.To),
                Lost = drop.Lost,
                Conversion = ToProto(drop.Conversion),
            };
        }
        return funnel;
    }

    public static V1.Scorecard ToProto(Scorecard scorecard)
    {
        var result = new V1.Scorecard
        {
            Period = ToProto(scorecard.Period),
            SourceMix = new V1.SourceMix
            {
                MarketingSourced = scorecard.SourceMix.MarketingSourced,
                SalesSourced = scorecard.SourceMix.SalesSourced,
                MarketingShare = ToProto(scorecard.SourceMix.MarketingShare),
            },
        };
        result.Figures.AddRange(scorecard.Figures.Select(f => new V1.ScorecardFigure
        {
            Key = f.Key,
            Label = f.Label,
            Value = ToProto(f.Value),
            Unit = (V1.FigureUnit)(int)f.Unit,
            Target = ToProto(f.Target),
            Comparison = f.Comparison is { } c ? (V1.TargetComparison)(int)c : V1.TargetComparison.Unspecified,
            Status = (V1.FigureStatus)(int)f.Status,
            SampleSize = f.SampleSize,
            CurrencyCode = f.Currency ?? "",
        }));
        result.Breaches.AddRange(scorecard.Breaches.Select(b => new V1.Breach
        {
            BreachId = b.BreachId.ToString(),
            LeadId = b.LeadId.ToString(),
            ClauseId = b.ClauseId ?? "",
            OwnerRepId = b.OwnerRepId ?? "",
            TeamId = b.TeamId ?? "",
            BreachedAt = b.BreachedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            Reason = b.Reason ?? "",
            Unannotated = b.IsUnannotated,
        }));
        result.BreachesByClause.AddRange(scorecard.BreachesByClause.Select(c => new V1.ClauseBreaches
        {
            ClauseId = c.ClauseId,
            Count = c.Count,
            Unannotated = c.Unannotated,
        }));
        result.RejectionReasons.AddRange(scorecard.RejectionReasons.Select(r => new V1.ReasonCount
        {
            Reason = r.Reason,
            Count = r.Count,
            Share = ToProto(r.Share),
        }));
        result.MarketingInfluencedRevenue.AddRange(scorecard.MarketingInfluencedRevenue.Select(m => ToMoney(m.Currency, m.Amount)));
        return result;
    }

    public static V1.ReviewPack ToProto(ReviewPack pack)
    {
        var result = new V1.ReviewPack { Week = ToProto(pack.Week) };
        result.Leads.AddRange(pack.Leads.Select(l =>
        {
            var lead = new V1.ReviewLead
            {
                LeadId = l.LeadId.ToString(),
                Bucket = (V1.ReviewBucket)(int)l.Bucket,
                Source = l.Source ?? "",
                TeamId = l.TeamId ?? "",
                OwnerRepId = l.OwnerRepId ?? "",
                FitScore = l.FitScore ?? 0,
                BehaviourScore = l.BehaviourScore ?? 0,
                TotalScore = l.TotalScore ?? 0,
                IcpFit = l.IcpFit ?? false,
                Disposition = l.Disposition switch
                {
                    Disposition.Accepted => "accepted",
                    Disposition.Rejected => "rejected",
                    _ => "none",
                },
                RejectionReason = l.RejectionReason ?? "",
            };
            lead.BreachedClauses.AddRange(l.BreachedClauses);
            return lead;
        }));
        result.LargestChanges.AddRange(pack.LargestChanges.Select(c => new V1.ReviewChange
        {
            Key = c.Key,
            Label = c.Label,
            Unit = (V1.FigureUnit)(int)c.Unit,
            Previous = ToProto(c.Previous),
            Current = ToProto(c.Current),
            Change = ToProto(c.Change),
            RelativeChange = ToProto(c.RelativeChange),
        }));
        return result;
    }

    public static V1.WhatIfResult ToProto(WhatIfResult result, string currency)
    {
        var proto = new V1.WhatIfResult
        {
            DealsPerMonth = ToProto(result.DealsPerMonth),
            RevenuePerMonth = ToMoney(currency, result.RevenuePerMonth),
        };
        proto.StageVolumes.AddRange(result.StageVolumes.Select(v => ToProto(v)!));
        return proto;
    }

    private static V1.FunnelStage ToProto(FunnelStage stage) => (V1.FunnelStage)((int)stage + 1);
}
