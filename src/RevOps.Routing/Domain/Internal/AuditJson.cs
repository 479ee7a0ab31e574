using System.Text.Json;

namespace RevOps.Routing.Domain.Internal;

/// <summary>The jsonb shapes of the audit trail: candidates as [{"repId","verdict","detail"}] and the lead's attributes.</summary>
internal static class AuditJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record CandidateJson(string RepId, string Verdict, string Detail);

    public static string Candidates(IEnumerable<CandidateVerdict> verdicts) =>
        JsonSerializer.Serialize(verdicts.Select(v => new CandidateJson(v.RepId, v.Verdict.ToCode(), v.Detail)), Json);

    public static IReadOnlyList<CandidateVerdict> Candidates(string json) =>
        [.. (JsonSerializer.Deserialize<CandidateJson[]>(json, Json) ?? []).Select(c => new CandidateVerdict(c.RepId, VerdictCodes.Parse(c.Verdict), c.Detail))];

    public static string Lead(LeadAttributes lead) => JsonSerializer.Serialize(lead, Json);

    public static LeadAttributes Lead(string json) => JsonSerializer.Deserialize<LeadAttributes>(json, Json) ?? new LeadAttributes();

    public static string Standing(IReadOnlyDictionary<string, long> standing) => JsonSerializer.Serialize(standing, Json);

    public static Dictionary<string, long> Standing(string json) => JsonSerializer.Deserialize<Dictionary<string, long>>(json, Json) ?? [];
}
