using RevOps.Contracts.V1;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Data;

/// <summary>One lead's result in a batch: the response, or what the caller must fix.</summary>
internal sealed record LeadOutcome(SubmitLeadResponse? Response, IReadOnlyList<Violation> Violations);
