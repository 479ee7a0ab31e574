using RevOps.Contracts.Events;

namespace RevOps.Reporting.Domain;

/// <summary>
/// A message as a consumer received it: the id the inbox deduplicates on, the consumer that claims it (a message is applied
/// once per consumer), and its event.
/// </summary>
public readonly record struct InboxMessage(Guid MessageId, string Consumer, IIntegrationEvent Event);
