using System.Text.Json.Serialization;

namespace RevOps.Reporting.Domain;

/// <summary>Why a lead is in the weekly review sample; a breached lead counts as breached whatever its disposition.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewBucket>))]
public enum ReviewBucket
{
    Accepted = 1,
    Rejected = 2,
    Breached = 3,
}
