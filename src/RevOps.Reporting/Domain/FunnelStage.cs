using System.Text.Json.Serialization;

namespace RevOps.Reporting.Domain;

/// <summary>The funnel's stages in order; a lead has reached a stage when it, or any later stage, has a time.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FunnelStage>))]
public enum FunnelStage
{
    Captured = 0,
    Mql = 1,
    Assigned = 2,
    FirstTouch = 3,
    Accepted = 4,
    Sao = 5,
    Opportunity = 6,
    Won = 7,
}
