using System.Text.Json.Serialization;

namespace RevOps.Reporting.Domain;

[JsonConverter(typeof(JsonStringEnumConverter<FigureStatus>))]
public enum FigureStatus
{
    Met = 1,
    Missed = 2,

    /// <summary>The contract sets no target for this figure.</summary>
    NoTarget = 3,

    /// <summary>Nothing in the period to compute the figure from.</summary>
    NoData = 4,
}
