using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Data;

/// <summary>A validated lead waiting to be written: its position in the call, the caller's key, and its dedup email.</summary>
internal sealed record LeadRequest(int Index, string? IdempotencyKey, LeadSubmission Lead, string NormalizedEmail)
{
    /// <summary>Every key a replay can be recognised by: the caller's key and the upstream record (source, external id).</summary>
    public IEnumerable<string> ReplayKeys()
    {
        if (IdempotencyKey is { } key)
            yield return key;
        if (Lead.ExternalId is { } externalId)
            yield return LeadStore.SourceKey("lead", Lead.Source!, externalId);
    }
}
