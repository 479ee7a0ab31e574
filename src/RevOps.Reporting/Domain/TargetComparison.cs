using System.Text.Json.Serialization;

namespace RevOps.Reporting.Domain;

/// <summary>How a figure's value must relate to its target for the target to be met.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TargetComparison>))]
public enum TargetComparison
{
    GreaterThan = 1,
    AtLeast = 2,
    AtMost = 3,
    LessThan = 4,
}
