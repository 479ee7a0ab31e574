namespace RevOps.RevenueContract;

/// <summary>
/// One step of the escalation chain, triggered either by the lead's Nth breach (<see cref="OnBreachNumber"/>)
/// or by any breach of one clause (<see cref="OnClause"/>); exactly one of them is set.
/// </summary>
public sealed record EscalationStep
{
    public required string Id { get; init; }
    public int? OnBreachNumber { get; init; }
    public string? OnClause { get; init; }
    public required EscalationStepAction Action { get; init; }

    /// <summary>Where to POST the notification besides the event; only for <see cref="EscalationStepAction.NotifyManager"/>.</summary>
    public Uri? WebhookUrl { get; init; }

    public bool AppliesTo(string clauseId, int breachNumber) =>
        OnBreachNumber == breachNumber || string.Equals(OnClause, clauseId, StringComparison.Ordinal);
}
