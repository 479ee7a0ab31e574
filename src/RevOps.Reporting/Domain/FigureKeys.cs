namespace RevOps.Reporting.Domain;

/// <summary>The scorecard figures' stable ids: used in the API, on the page and in contract_targets.metric.</summary>
public static class FigureKeys
{
    public const string AcceptanceRate = "acceptance_rate";
    public const string FollowUpCompliance = "follow_up_compliance";
    public const string MqlToOpportunityRate = "mql_to_opportunity_rate";
    public const string MarketingSourcedShare = "marketing_sourced_share";
    public const string SpeedToFirstTouchP50 = "speed_to_first_touch_p50";
    public const string SpeedToFirstTouchP90 = "speed_to_first_touch_p90";
    public const string SlaBreaches = "sla_breaches";
    public const string UnannotatedBreaches = "unannotated_breaches";
    public const string CycleLength = "cycle_length_mql_to_close";
    public const string MarketingInfluencedRevenue = "marketing_influenced_revenue";
    public const string IcpMqls = "icp_mqls";
}
