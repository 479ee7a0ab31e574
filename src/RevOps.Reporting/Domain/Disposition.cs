using System.Text.Json.Serialization;

namespace RevOps.Reporting.Domain;

/// <summary>What the owning rep decided about a lead.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Disposition>))]
public enum Disposition
{
    None = 0,
    Accepted = 1,
    Rejected = 2,
}
