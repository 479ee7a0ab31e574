using RevOps.Contracts.Events;

namespace RevOps.Reporting.Domain;

/// <summary>A message as a consumer received it: the id the inbox deduplicates on, and its event.</summary>
public readonly record struct InboxMessage(Guid MessageId, IIntegrationEvent Event);
