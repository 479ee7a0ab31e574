using System.Globalization;
using System.Text.Json;

namespace RevOps.Routing.Domain.Internal;

/// <summary>The jsonb shape of a rep's working hours: [{"day":"Monday","start":"09:00","end":"17:00"}].</summary>
internal sealed record WorkingPeriodJson(string Day, string Start, string End)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IEnumerable<WorkingPeriod> periods) => JsonSerializer.Serialize(
        periods.Select(p => new WorkingPeriodJson(p.Day.ToString(), p.Start.ToString("HH:mm", CultureInfo.InvariantCulture), p.End.ToString("HH:mm", CultureInfo.InvariantCulture))),
        Json);

    public static IReadOnlyList<WorkingPeriod> Deserialize(string json) =>
        [.. (JsonSerializer.Deserialize<WorkingPeriodJson[]>(json, Json) ?? []).Select(p => new WorkingPeriod(
            Enum.Parse<DayOfWeek>(p.Day),
            TimeOnly.ParseExact(p.Start, "HH:mm", CultureInfo.InvariantCulture),
            TimeOnly.ParseExact(p.End, "HH:mm", CultureInfo.InvariantCulture)))];
}
