using System.Text.Json.Serialization;

namespace RevOps.Reporting.Domain;

[JsonConverter(typeof(JsonStringEnumConverter<FigureUnit>))]
public enum FigureUnit
{
    Ratio = 1,
    Minutes = 2,
    Days = 3,
    Count = 4,
    Money = 5,
}
