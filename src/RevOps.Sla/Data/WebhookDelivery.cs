namespace RevOps.Sla.Data;

/// <summary>An escalation webhook claimed for an attempt; <see cref="Attempts"/> includes this one.</summary>
public sealed record WebhookDelivery(Guid Id, Guid BreachId, Uri Url, string PayloadJson, int Attempts);
