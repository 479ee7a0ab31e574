using RevOps.Contracts.V1;

namespace RevOps.Scoring.Data;

/// <summary>A lead as GetLead shows it: the row, its history for scoring, its sources and its timeline.</summary>
internal sealed record LeadView(LeadRow Lead, LeadHistory History, IReadOnlyList<LeadSourceRecord> Sources, IReadOnlyList<TimelineEntry> Timeline);
